import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../publish/write-atomic.js';
import type { CachedRecord, LoadOptions, RecordCache } from '../records/load-content.js';

// <state>/records.json: what each record file gave last time, keyed by its path and checked
// by size and mtime, so a build reads only records that changed. Valid only under the same
// options: a cache made for another base URL or limit is ignored.

const VERSION = 1;

export function recordOptionsKey(opts: Omit<LoadOptions, 'cache' | 'optionsKey'>): string {
  return createHash('sha256')
    .update(JSON.stringify([VERSION, opts]))
    .digest('base64url')
    .slice(0, 16);
}

export async function readRecordCache(stateDir: string, optionsKey: string): Promise<RecordCache> {
  try {
    const raw = JSON.parse(await readFile(path.join(stateDir, 'records.json'), 'utf8')) as {
      optionsKey?: string;
      files?: [string, CachedRecord][];
    };
    return raw.optionsKey === optionsKey ? new Map(raw.files ?? []) : new Map();
  } catch {
    return new Map(); // absent or unreadable: every record is read, which is always correct
  }
}

/** Writes the cache when any entry differs from the one it was loaded from. */
export async function writeRecordCache(
  stateDir: string,
  optionsKey: string,
  cache: RecordCache,
  previous: RecordCache,
): Promise<void> {
  const same =
    cache.size === previous.size && [...cache].every(([file, entry]) => previous.get(file) === entry);
  if (same) return;
  await writeAtomic(path.join(stateDir, 'records.json'), JSON.stringify({ optionsKey, files: [...cache] }));
}
