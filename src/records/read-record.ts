import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BodySink } from './body-sink.js';
import { type PortableArticle, portable } from './compact-article.js';
import { type FileResult, parseRecordFile, problem, type RecordOptions } from './parse-record-file.js';

// One record file from its path to its result, synchronously: the same code runs in this thread
// for a few files and in the parsing workers for many (parse-pool.ts).

export interface ReadOptions extends RecordOptions {
  readonly maxFileBytes: number;
  /**
   * Where parsing workers write long bodies (body-sink.ts), a folder of the state; without it,
   * or in this thread, they are kept deflated in memory.
   */
  readonly bodyFolder?: string;
}

/** What the previous build saw of the file: enough to skip reading or parsing it again. */
export interface SeenBefore {
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256: string;
  readonly racy?: boolean;
}

/** A file's result as it crosses from a worker: the article's body packed (compact-article.ts). */
export interface PortableResult extends Omit<FileResult, 'article'> {
  readonly article?: PortableArticle;
}

export type ReadOutcome =
  /** Not taken now (a link out of the folder, not a regular file, too large, unreadable). */
  | { readonly kind: 'refused'; readonly message: string }
  /** Same size and mtime as before: not even read. */
  | { readonly kind: 'untouched' }
  /** Read; `result` is absent when the bytes hash as before. */
  | {
      readonly kind: 'read';
      readonly size: number;
      readonly mtimeMs: number;
      readonly sha256: string;
      readonly result?: PortableResult;
    };

export function readRecord(
  file: string,
  root: string,
  display: string,
  opts: ReadOptions,
  before: SeenBefore | undefined,
  sink?: BodySink,
): ReadOutcome {
  let bytes: Buffer;
  let mtimeMs: number;
  try {
    const info = lstatSync(file);
    if (info.isSymbolicLink()) {
      const target = realpathSync(file);
      if (!target.startsWith(root + path.sep)) {
        return { kind: 'refused', message: 'symbolic link leads outside the content folder' };
      }
    }
    const target = info.isSymbolicLink() ? statSync(file) : info;
    // A pipe would block the build forever on read; a device or socket is no record either.
    if (!target.isFile()) {
      return { kind: 'refused', message: 'not a regular file (a pipe, socket or device), not a record' };
    }
    const size = target.size;
    mtimeMs = target.mtimeMs;
    if (size > opts.maxFileBytes) {
      const message = `file is ${mb(size)}, over the ${mb(opts.maxFileBytes)} limit for one record`;
      return { kind: 'refused', message };
    }
    // Same size and mtime: the record has not been touched, so its body is not even read.
    if (before && !before.racy && before.size === size && before.mtimeMs === mtimeMs)
      return { kind: 'untouched' };
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { kind: 'refused', message: `cannot read: ${code}` };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const read = { kind: 'read', size: bytes.length, mtimeMs, sha256 } as const;
  // Touched but identical (a checkout, a copy): the earlier result still holds.
  if (before?.sha256 === sha256) return read;
  return { ...read, result: parseSafely(bytes, /\.md$/i.test(file), display, opts, sink) };
}

/** A record that trips a bug in parsing is that record's problem, not the whole build's. */
function parseSafely(
  bytes: Uint8Array,
  isMarkdown: boolean,
  display: string,
  opts: RecordOptions,
  sink: BodySink | undefined,
): PortableResult {
  try {
    const result = parseRecordFile(bytes, isMarkdown, display, opts);
    return result.article ? { ...result, article: portable(result.article, sink) } : result;
  } catch (err) {
    return problem(display, `could not be processed: ${(err as Error)?.message ?? String(err)}`);
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}
