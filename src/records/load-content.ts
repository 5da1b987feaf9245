import { lstatSync } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Article, Diagnostic } from './article.js';
import { setArticleKey } from './article-key.js';
import { compact, type Strings } from './compact-article.js';
import { keepsVanished, keptWhileBroken, keptWhileGone, type LastGood, lastGoodOf } from './last-good.js';
import { type ReadJob, readInWorkers, workersFor } from './parse-pool.js';
import { type FileResult, problem } from './parse-record-file.js';
import { type ReadOptions, type ReadOutcome, readRecord } from './read-record.js';
import { checkHistory } from './record-history.js';

/** A record file's options (`ReadOptions`: limits, and where workers write long bodies), and the load's. */
export interface LoadOptions extends ReadOptions {
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
  const known = opts.cache === undefined ? undefined : madeHere.get(opts.cache);
  const trusted = opts.changedFolders !== undefined && known?.root === root ? known : undefined;
  const listing = await listRecordFiles(root, trusted?.folders, opts.changedFolders);
  const { files, settled } = listing;
  const diagnostics: Diagnostic[] = [];
  const loaded: Article[] = [];
  const claims: IdClaim[] = [];
  const cache = new Map<string, CachedRecord>();
  let read = 0;
  const displayOf = (file: string) =>
    path.relative(opts.displayRoot, path.join(dir, path.relative(root, file))) || file;
  // Files unchanged since the last build are settled by one lstat each, or by nothing at all in a
  // folder the watcher saw no change in; only the rest are read, in worker threads when many.
  // These loops run over every record of a site on every build: they stay plain.
  const entries = new Array<FileEntry | undefined>(files.length);
  const jobs: ReadJob[] = [];
  const toRead: number[] = [];
  let carried = 0; // files that had an entry in the cache
  for (let i = 0; i < files.length; i++) {
    const file = files[i] as string;
    const previous = opts.cache?.get(file);
    if (previous === undefined) {
      toRead.push(i);
      jobs.push({ file, root, display: displayOf(file) });
      continue;
    }
    carried++;
    const untouched =
      trusted !== undefined && settled[i] === 1 && !previous.racy && !trusted.unsettled.has(file);
    const entry = untouched ? unchanged(previous) : cachedEntry(file, previous, opts);
    if (entry !== undefined) entries[i] = entry;
    else {
      toRead.push(i);
      jobs.push({ file, root, display: displayOf(file), before: seenBefore(previous) });
    }
  }
  const strings: Strings = new Map();
  const take = (outcome: ReadOutcome, i: number) => entryOf(jobs[i] as ReadJob, outcome, opts, strings);
  const workers = workersFor(jobs.length, opts.parallelFrom);
  const fresh = workers > 0 ? await readInWorkers(jobs, opts, workers, take) : [];
  for (const [j, job] of jobs.entries()) {
    entries[toRead[j] as number] =
      fresh[j] ?? take(readRecord(job.file, job.root, job.display, opts, job.before), j);
  }
  const keyOf = (sha256: string) => `${sha256.slice(0, 22)}:${opts.optionsKey ?? ''}`;
  // Articles of a cache this process made already carry their keys; one read from disk does not.
  const keyed = known !== undefined;
  const unsettled = new Set<string>();
  for (let i = 0; i < files.length; i++) {
    const file = files[i] as string;
    const entry = entries[i] as FileEntry;
    const r = entry.result;
    if (entry.read) read++;
    if (entry.cached) cache.set(file, entry.cached);
    // A file refused this time holds on to its last entry: it must be looked at again.
    if (entry.cached?.result !== r) unsettled.add(file);
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
  // Every cached file is still here, unless the cache holds more files than were carried over.
  let claimed: Set<string> | undefined;
  if ((opts.cache?.size ?? 0) > carried) {
    const present = new Set(files);
    for (const [file, entry] of opts.cache ?? []) {
      if (present.has(file) || !file.startsWith(root + path.sep)) continue;
      const last = lastGoodOf(entry);
      claimed ??= new Set(claims.map((c) => c.id));
      if (!keepsVanished(last, claimed)) continue;
      cache.set(file, entry);
      setArticleKey(last.article, keyOf(last.sha256));
      loaded.push(last.article);
      claims.push({ id: last.article.id, file });
      diagnostics.push(keptWhileGone(displayOf(file), last.article));
    }
  }
  madeHere.set(cache, {
    root,
    folders: listing.folders,
    unsettled,
    ...(opts.cache === undefined
      ? {}
      : { since: opts.cache, changed: changedFiles(cache, opts.cache, entries, files, toRead, carried) }),
  });
  const { articles, duplicates } = rejectDuplicateIds(loaded, claims, displayOf);
  return { articles, diagnostics: [...diagnostics, ...duplicates], files: files.length, read, cache };
}

/**
 * The files whose entry in `cache` is not the one in `since`, or undefined when `cache` was not
 * made from `since` by this process: what a writer of the cache must write again.
 */
export function changedSince(cache: RecordCache, since: RecordCache): readonly string[] | undefined {
  const made = madeHere.get(cache);
  return made?.since === since ? made.changed : undefined;
}

function changedFiles(
  cache: ReadonlyMap<string, CachedRecord>,
  since: RecordCache,
  entries: readonly (FileEntry | undefined)[],
  files: readonly string[],
  read: readonly number[],
  carried: number,
): string[] {
  // Only a file read (or refused) this time can have an entry other than its last one.
  const changed: string[] = [];
  for (const i of read) {
    const file = files[i] as string;
    if ((entries[i] as FileEntry).cached !== since.get(file)) changed.push(file);
  }
  // Files the cache had and no longer has (kept vanished ones keep their entry).
  if (since.size > carried) for (const file of since.keys()) if (!cache.has(file)) changed.push(file);
  return changed;
}

/** What a folder held when it was last listed: its record files and folders, in name order. */
interface Folder {
  readonly entries: readonly { readonly path: string; readonly folder: boolean }[];
}

/**
 * What this process knows of each cache it made: the folders it listed, so a watched build can
 * skip listing them, and the cache it was made from with the files that changed since.
 */
const madeHere = new WeakMap<
  RecordCache,
  {
    readonly root: string;
    readonly folders: Map<string, Folder>;
    /** Files whose cached entry is not what they gave last time, so not to be trusted unseen. */
    readonly unsettled: ReadonlySet<string>;
    readonly since?: RecordCache;
    readonly changed?: readonly string[];
  }
>();

interface Listing {
  readonly files: string[];
  /** 1 where a file's folder was taken as last listed, 0 where it was listed from the disk now. */
  readonly settled: Uint8Array;
  readonly folders: Map<string, Folder>;
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
  const settled: number[] = [];
  const folders = new Map<string, Folder>();
  const walk = async (dir: string, underChange: boolean) => {
    const stale = underChange || changed?.has(dir) === true;
    const kept = stale ? undefined : known?.get(dir);
    const folder = kept ?? (await listFolder(dir));
    folders.set(dir, folder);
    for (const e of folder.entries) {
      if (e.folder) await walk(e.path, kept === undefined);
      else {
        files.push(e.path);
        settled.push(kept === undefined ? 0 : 1);
      }
    }
  };
  await walk(root, false);
  return { files, settled: Uint8Array.from(settled), folders };
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

/** The previous result of a regular file whose size and mtime are as cached; else undefined. */
function cachedEntry(file: string, previous: CachedRecord, opts: LoadOptions): FileEntry | undefined {
  if (previous.racy) return undefined;
  try {
    // Synchronous: for a cached file this is the whole cost, and a promise per file costs
    // several times the system call itself.
    const info = lstatSync(file);
    if (!info.isFile() || info.size !== previous.size || info.mtimeMs !== previous.mtimeMs) return undefined;
    if (info.size > opts.maxFileBytes) return undefined; // the limit may have changed: say so
    return unchanged(previous);
  } catch {
    return undefined; // loadFile reports why
  }
}

/** A file taken as its last entry says, without reading it. */
const unchanged = (previous: CachedRecord): FileEntry => ({
  result: previous.result,
  cached: previous,
  read: false,
});

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
  if (outcome.kind === 'untouched') return unchanged(earlier);
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
  articles: Article[],
  claims: readonly IdClaim[],
  displayOf: (file: string) => string,
): { articles: Article[]; duplicates: Diagnostic[] } {
  // One map entry per id; lists only for the rare id claimed twice.
  const firstFile = new Map<string, string>();
  let shared: Map<string, string[]> | undefined;
  for (const c of claims) {
    const first = firstFile.get(c.id);
    if (first === undefined) firstFile.set(c.id, c.file);
    else if (first !== c.file) {
      shared ??= new Map();
      const files = shared.get(c.id) ?? [first];
      if (!files.includes(c.file)) files.push(c.file);
      shared.set(c.id, files);
    }
  }
  if (shared === undefined) return { articles, duplicates: [] };
  const duplicates: Diagnostic[] = [];
  for (const id of firstFile.keys()) {
    const paths = shared.get(id);
    if (paths === undefined) continue;
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
  const rejected = shared;
  return { articles: articles.filter((a) => !rejected.has(a.id)), duplicates };
}
