import { lstatSync } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Article, Diagnostic } from './article.js';
import { setArticleKey } from './article-key.js';
import { compact, type Strings } from './compact-article.js';
import { keepsVanished, keptWhileBroken, keptWhileGone, type LastGood, lastGoodOf } from './last-good.js';
import { type ReadJob, readInWorkers, workersFor } from './parse-pool.js';
import { type FileResult, problem, type RecordOptions } from './parse-record-file.js';
import { type ReadOutcome, readRecord } from './read-record.js';
import { checkHistory } from './record-history.js';

export interface LoadOptions extends RecordOptions {
  readonly maxFileBytes: number;
  /** Diagnostics name files relative to this folder (the working folder, normally). */
  readonly displayRoot: string;
  /** What the previous build learned; unchanged files are taken from it without parsing. */
  readonly cache?: RecordCache;
  /** Identifies the options above; a cache made under other options must not be passed. */
  readonly optionsKey?: string;
  /** From how many files to read on, parsing runs in worker threads (tests lower it). */
  readonly parallelFrom?: number;
  /**
   * Folders (real paths) in which something may have changed since `cache` was made, as a
   * watcher that ran all along saw them. Every other folder this process listed for `cache` is
   * taken as it was, without a system call; absent, every folder is listed and every file is
   * checked.
   */
  readonly changedFolders?: ReadonlySet<string>;
}

/** Per record file: how it looked when read, and what it gave. */
export interface CachedRecord {
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256: string;
  /** Modified within the file system's timestamp resolution of being read: check bytes next time. */
  readonly racy?: boolean;
  readonly result: FileResult;
  /** When `result` has no article: the last version of this file that gave one, still published. */
  readonly lastGood?: LastGood;
}

export type RecordCache = ReadonlyMap<string, CachedRecord>;

export interface LoadResult {
  readonly articles: Article[];
  readonly diagnostics: Diagnostic[];
  /** Record files seen, valid or not. */
  readonly files: number;
  /** Files whose bytes were read this time (the rest came from the cache by size and mtime). */
  readonly read: number;
  /** The cache for the next build: the files seen now, and vanished ones whose story is kept. */
  readonly cache: Map<string, CachedRecord>;
}

/** Reads every record under `dir`; a bad file becomes diagnostics, never an exception. */
export async function loadContent(dir: string, opts: LoadOptions): Promise<LoadResult> {
  const root = await realpath(dir);
  const known = opts.cache === undefined ? undefined : listings.get(opts.cache);
  const trusted = opts.changedFolders !== undefined && known?.root === root ? known : undefined;
  const listing = await listRecordFiles(root, trusted?.folders, opts.changedFolders);
  const files = listing.files;
  const diagnostics: Diagnostic[] = [];
  const loaded: Article[] = [];
  const claims: IdClaim[] = [];
  const cache = new Map<string, CachedRecord>();
  let read = 0;
  const displayOf = (file: string) =>
    path.relative(opts.displayRoot, path.join(dir, path.relative(root, file))) || file;
  // Files unchanged since the last build are settled by one lstat each, or by nothing at all in a
  // folder the watcher saw no change in; only the rest are read, in worker threads when many.
  const entries: (FileEntry | undefined)[] = files.map((file) =>
    trusted !== undefined && !listing.fresh.has(path.dirname(file)) && !trusted.unsettled.has(file)
      ? (untouchedEntry(file, opts) ?? cachedEntry(file, opts))
      : cachedEntry(file, opts),
  );
  const toRead = files.filter((_, i) => entries[i] === undefined);
  const jobs = toRead.map((file): ReadJob => {
    const before = opts.cache?.get(file);
    return { file, root, display: displayOf(file), ...(before ? { before: seenBefore(before) } : {}) };
  });
  const strings: Strings = new Map();
  const take = (outcome: ReadOutcome, i: number) => entryOf(jobs[i] as ReadJob, outcome, opts, strings);
  const workers = workersFor(jobs.length, opts.parallelFrom);
  const fresh = workers > 0 ? await readInWorkers(jobs, opts, workers, take) : [];
  for (const [i, job] of jobs.entries())
    fresh[i] ??= take(readRecord(job.file, job.root, job.display, opts, job.before), i);
  for (let i = 0, j = 0; i < files.length; i++) if (entries[i] === undefined) entries[i] = fresh[j++];
  const keyOf = (sha256: string) => `${sha256.slice(0, 22)}:${opts.optionsKey ?? ''}`;
  // Articles of a cache this process made already carry their keys; one read from disk does not.
  const keyed = known !== undefined;
  const unsettled = new Set<string>();
  for (const [i, file] of files.entries()) {
    const entry = entries[i] as FileEntry;
    if (entry.read) read++;
    if (entry.cached) cache.set(file, entry.cached);
    // A file refused this time holds on to its last entry: it must be looked at again.
    if (entry.cached?.result !== entry.result) unsettled.add(file);
    const r = entry.result;
    if (r.diagnostics.length > 0) diagnostics.push(...r.diagnostics);
    if (r.id !== undefined) claims.push({ id: r.id, file });
    if (r.article) {
      // The same bytes under the same options always give the same article.
      if (entry.cached && (entry.read || !keyed)) setArticleKey(r.article, keyOf(entry.cached.sha256));
      loaded.push(r.article);
    } else {
      const last = lastGoodOf(entry.cached);
      if (last) {
        setArticleKey(last.article, keyOf(last.sha256));
        loaded.push(last.article);
        // Named by path; shown relative to the working folder only if a duplicate is reported.
        if (last.article.id !== r.id) claims.push({ id: last.article.id, file });
        diagnostics.push(keptWhileBroken(displayOf(file), last.article));
      }
    }
  }
  let claimed: Set<string> | undefined;
  for (const [file, entry] of opts.cache ?? []) {
    if (cache.has(file) || !file.startsWith(root + path.sep) || listing.present(file)) continue;
    const last = lastGoodOf(entry);
    claimed ??= new Set(claims.map((c) => c.id));
    if (!keepsVanished(last, claimed)) continue;
    cache.set(file, entry);
    setArticleKey(last.article, keyOf(last.sha256));
    loaded.push(last.article);
    claims.push({ id: last.article.id, file });
    diagnostics.push(keptWhileGone(displayOf(file), last.article));
  }
  listings.set(cache, { root, folders: listing.folders, unsettled });
  const { articles, duplicates } = rejectDuplicateIds(loaded, claims, displayOf);
  return { articles, diagnostics: [...diagnostics, ...duplicates], files: files.length, read, cache };
}

/** What a folder held when it was last listed: its record files and folders, in name order. */
interface Folder {
  readonly entries: readonly { readonly path: string; readonly folder: boolean }[];
}

/** The folders listed for each cache this process made, so a watched build can skip listing them. */
const listings = new WeakMap<
  RecordCache,
  {
    readonly root: string;
    readonly folders: Map<string, Folder>;
    /** Files whose cached entry is not what they gave last time, so not to be trusted unseen. */
    readonly unsettled: ReadonlySet<string>;
  }
>();

interface Listing {
  readonly files: string[];
  readonly folders: Map<string, Folder>;
  /** Folders listed from the disk this time (changed, new, or under a changed one). */
  readonly fresh: ReadonlySet<string>;
  /** Whether a file is in the listing. */
  present(file: string): boolean;
}

/**
 * Every record file under `root`, in a stable order. With `known` folders and the folders
 * `changed` since they were listed, an unchanged folder is taken as listed; a changed one is
 * listed again with everything under it, since a folder removed and made again under the same
 * name is reported only in its parent.
 */
async function listRecordFiles(
  root: string,
  known?: ReadonlyMap<string, Folder>,
  changed?: ReadonlySet<string>,
): Promise<Listing> {
  const files: string[] = [];
  const folders = new Map<string, Folder>();
  const fresh = new Set<string>();
  const walk = async (dir: string, underChange: boolean) => {
    const stale = underChange || changed?.has(dir) === true;
    let folder = stale ? undefined : known?.get(dir);
    if (folder === undefined) {
      fresh.add(dir);
      folder = await listFolder(dir);
    }
    folders.set(dir, folder);
    for (const e of folder.entries)
      if (!e.folder) files.push(e.path);
      else await walk(e.path, folder !== known?.get(dir));
  };
  await walk(root, false);
  let names: Set<string> | undefined;
  return {
    files,
    folders,
    fresh,
    present: (file) => {
      names ??= new Set(files);
      return names.has(file);
    },
  };
}

async function listFolder(dir: string): Promise<Folder> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const kept: { path: string; folder: boolean }[] = [];
  for (const e of entries) {
    // records.md: names starting with _ or . are not records.
    if (e.name.startsWith('_') || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) kept.push({ path: full, folder: true });
    else if (/\.(json|md)$/i.test(e.name)) kept.push({ path: full, folder: false });
  }
  return { entries: kept };
}

const RACY_MS = 2000;

/** The previous result of a file in a folder where nothing happened, unless it was too fresh to trust. */
function untouchedEntry(file: string, opts: LoadOptions): FileEntry | undefined {
  const previous = opts.cache?.get(file);
  if (previous === undefined || previous.racy) return undefined;
  return { result: previous.result, cached: previous, read: false };
}

/** The previous result of a regular file whose size and mtime are as cached; else undefined. */
function cachedEntry(file: string, opts: LoadOptions): FileEntry | undefined {
  const previous = opts.cache?.get(file);
  if (previous === undefined || previous.racy) return undefined;
  try {
    // Synchronous: for a cached file this is the whole cost, and a promise per file costs
    // several times the system call itself.
    const info = lstatSync(file);
    if (!info.isFile() || info.size !== previous.size || info.mtimeMs !== previous.mtimeMs) return undefined;
    if (info.size > opts.maxFileBytes) return undefined; // the limit may have changed: say so
    return { result: previous.result, cached: previous, read: false };
  } catch {
    return undefined; // loadFile reports why
  }
}

interface FileEntry {
  readonly result: FileResult;
  readonly cached?: CachedRecord;
  readonly read: boolean;
}

const NO_DIAGNOSTICS: readonly Diagnostic[] = Object.freeze([]);

function seenBefore(c: CachedRecord) {
  return { size: c.size, mtimeMs: c.mtimeMs, sha256: c.sha256, ...(c.racy ? { racy: c.racy } : {}) };
}

function entryOf(job: ReadJob, outcome: ReadOutcome, opts: LoadOptions, strings: Strings): FileEntry {
  const previous = opts.cache?.get(job.file);
  // A file that cannot be taken now keeps its previous entry, so its last good version survives.
  if (outcome.kind === 'refused') {
    return {
      result: problem(job.display, outcome.message),
      ...(previous ? { cached: previous } : {}),
      read: false,
    };
  }
  // readRecord leaves a file unread or unparsed only when it matches `job.before`, from `previous`.
  const earlier = previous as CachedRecord;
  if (outcome.kind === 'untouched') return { result: earlier.result, cached: earlier, read: false };
  const parsed = outcome.result;
  const result =
    parsed === undefined
      ? earlier.result
      : checkHistory(
          parsed.article
            ? {
                ...parsed,
                article: compact(parsed.article, strings),
                ...(parsed.diagnostics.length === 0 ? { diagnostics: NO_DIAGNOSTICS } : {}),
              }
            : (parsed as FileResult),
          lastGoodOf(previous)?.article,
          job.display,
        );
  // An edit within the same timestamp tick would keep size and mtime ("racy git"): a file this
  // fresh is hashed again next time rather than trusted by its metadata.
  const racy = Date.now() - outcome.mtimeMs < RACY_MS;
  const lastGood = result.article ? undefined : lastGoodOf(previous);
  return {
    result,
    cached: {
      size: outcome.size,
      mtimeMs: outcome.mtimeMs,
      sha256: outcome.sha256,
      ...(racy ? { racy } : {}),
      result,
      ...(lastGood ? { lastGood } : {}),
    },
    read: true,
  };
}

interface IdClaim {
  readonly id: string;
  readonly file: string;
}
/** records.md: an id names one story; when two files claim it, neither can be trusted. */
function rejectDuplicateIds(
  articles: readonly Article[],
  claims: readonly IdClaim[],
  displayOf: (file: string) => string,
): { articles: Article[]; duplicates: Diagnostic[] } {
  const filesById = new Map<string, string[]>();
  for (const c of claims) {
    const files = filesById.get(c.id);
    if (files === undefined) filesById.set(c.id, [c.file]);
    else if (!files.includes(c.file)) files.push(c.file);
  }
  const duplicates: Diagnostic[] = [];
  for (const [id, paths] of filesById) {
    if (paths.length < 2) continue;
    const files = paths.map(displayOf);
    for (const file of files) {
      const others = files.filter((f) => f !== file);
      duplicates.push({
        file,
        path: 'id',
        message: `"${id}" is also used by ${others.join(', ')}`,
        severity: 'error',
      });
    }
  }
  return { articles: articles.filter((a) => (filesById.get(a.id)?.length ?? 0) < 2), duplicates };
}
