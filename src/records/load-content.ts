import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Article, Diagnostic } from './article.js';
import { renderMarkdown } from './markdown-body.js';
import { normaliseRecord } from './normalise-record.js';
import { decodeUtf8, parseJsonRecord, parseMarkdownRecord } from './parse-source.js';
import { ID_PATTERN } from './schema.js';

export interface LoadOptions {
  readonly baseUrl: string;
  readonly language: string;
  readonly maxFileBytes: number;
  readonly maxBodyBytes: number;
  /** Diagnostics name files relative to this folder (the working folder, normally). */
  readonly displayRoot: string;
}

export interface LoadResult {
  readonly articles: Article[];
  readonly diagnostics: Diagnostic[];
  /** Record files seen, valid or not. */
  readonly files: number;
}

/** Reads every record under `dir`; a bad file becomes diagnostics, never an exception. */
export async function loadContent(dir: string, opts: LoadOptions): Promise<LoadResult> {
  const root = await realpath(dir);
  const files = await listRecordFiles(root);
  const diagnostics: Diagnostic[] = [];
  const loaded: Article[] = [];
  const claims: IdClaim[] = [];
  for (const file of files) {
    const display = path.relative(opts.displayRoot, path.join(dir, path.relative(root, file))) || file;
    const r = await loadFile(file, root, display, opts);
    diagnostics.push(...r.diagnostics);
    if (r.article) loaded.push(r.article);
    if (r.id !== undefined) claims.push({ id: r.id, file: display });
  }
  const { articles, duplicates } = rejectDuplicateIds(loaded, claims);
  return { articles, diagnostics: [...diagnostics, ...duplicates], files: files.length };
}

async function listRecordFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      // records.md: names starting with _ or . are not records.
      if (e.name.startsWith('_') || e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (/\.(json|md)$/i.test(e.name)) out.push(full);
    }
  };
  await walk(root);
  return out;
}

async function loadFile(
  file: string,
  root: string,
  display: string,
  opts: LoadOptions,
): Promise<{ article?: Article; id?: string; diagnostics: Diagnostic[] }> {
  const problem = (message: string, p = '') => ({
    diagnostics: [{ file: display, path: p, message, severity: 'error' as const }],
  });
  let bytes: Buffer;
  try {
    const info = await lstat(file);
    if (info.isSymbolicLink()) {
      const target = await realpath(file);
      if (!target.startsWith(root + path.sep))
        return problem('symbolic link leads outside the content folder');
    }
    const real = await stat(file);
    if (real.size > opts.maxFileBytes) {
      return problem(`file is ${mb(real.size)}, over the ${mb(opts.maxFileBytes)} limit for one record`);
    }
    bytes = await readFile(file);
  } catch (err) {
    return problem(`cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return problem(decoded.message);
  const isMarkdown = /\.md$/i.test(file);
  const parsed = isMarkdown ? parseMarkdownRecord(decoded.text) : parseJsonRecord(decoded.text);
  if (!parsed.ok) return problem(parsed.message);
  const input =
    isMarkdown && parsed.body !== undefined && typeof parsed.value === 'object' && parsed.value !== null
      ? { ...parsed.value, body: parsed.body }
      : parsed.value;
  const result = normaliseRecord(input, display, {
    baseUrl: opts.baseUrl,
    language: opts.language,
    maxBodyBytes: opts.maxBodyBytes,
    bodyIsMarkdown: isMarkdown,
    renderMarkdown,
  });
  // A record claims its id even when it is broken: a broken copy must not let its twin through.
  const id = (input as { id?: unknown } | null)?.id;
  const claimed = typeof id === 'string' && ID_PATTERN.test(id) ? { id } : {};
  const diagnostics: Diagnostic[] = [
    ...result.errors.map((e) => ({
      file: display,
      path: e.path,
      message: e.message,
      severity: 'error' as const,
    })),
    ...result.warnings.map((w) => ({
      file: display,
      path: w.path,
      message: w.message,
      severity: 'warning' as const,
    })),
  ];
  return result.article ? { article: result.article, diagnostics, ...claimed } : { diagnostics, ...claimed };
}

interface IdClaim {
  readonly id: string;
  readonly file: string;
}

/** records.md: an id names one story; when two files claim it, neither can be trusted. */
function rejectDuplicateIds(
  articles: readonly Article[],
  claims: readonly IdClaim[],
): { articles: Article[]; duplicates: Diagnostic[] } {
  const filesById = new Map<string, string[]>();
  for (const c of claims) filesById.set(c.id, [...(filesById.get(c.id) ?? []), c.file]);
  const duplicates: Diagnostic[] = [];
  for (const [id, files] of filesById) {
    if (files.length < 2) continue;
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

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}
