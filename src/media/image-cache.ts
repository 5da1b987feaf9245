import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeAtomic } from '../publish/write-atomic.js';
import type { FailureKind, ImageFacts, Validators } from './image-facts.js';

// What earlier builds learned about image URLs, kept in the private state folder (never under
// the published one) so that a rebuild of unchanged content asks no host at all. One JSON file:
// a few hundred bytes per image, read once and written once per build, atomically.

export interface CacheEntry extends Validators {
  readonly facts?: ImageFacts;
  readonly notes?: readonly string[];
  /** When the facts were last measured or confirmed by a 304 (epoch ms, wall clock). */
  readonly measuredAt?: number;
  /** A failed lookup, remembered so that a dead host costs one timeout per period, not per build. */
  readonly failure?: { readonly kind: FailureKind; readonly message: string };
  readonly failedAt?: number;
}

export type CacheEntries = Map<string, CacheEntry>;

const VERSION = 1;

const factsSchema = z.object({
  type: z.string().optional(),
  length: z.number().int().min(0).optional(),
  width: z.number().int().min(1).optional(),
  height: z.number().int().min(1).optional(),
});

const entrySchema = z.object({
  facts: factsSchema.optional(),
  measuredAt: z.number().optional(),
  failedAt: z.number().optional(),
  notes: z.array(z.string()).optional(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  failure: z
    .object({
      kind: z.enum(['refused', 'http', 'timeout', 'network', 'not-an-image', 'aborted']),
      message: z.string(),
    })
    .optional(),
});

const fileSchema = z.object({ version: z.literal(VERSION), entries: z.record(z.string(), z.unknown()) });

export interface LoadedCache {
  readonly entries: CacheEntries;
  /** Why the file was ignored, when it was unreadable; a missing file is no problem. */
  readonly problem?: string;
}

/**
 * A cache is only an optimisation: a corrupt or foreign file is set aside (and rewritten on
 * save) rather than failing the build; bad entries are dropped one by one.
 */
export async function loadImageCache(file: string): Promise<LoadedCache> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? { entries: new Map() }
      : { entries: new Map(), problem: `cannot read (${code})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { entries: new Map(), problem: 'not JSON; starting afresh' };
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success)
    return { entries: new Map(), problem: `not a version ${VERSION} cache; starting afresh` };
  const entries: CacheEntries = new Map();
  for (const [url, value] of Object.entries(parsed.data.entries)) {
    const entry = entrySchema.safeParse(value);
    if (entry.success) entries.set(url, entry.data as CacheEntry);
  }
  return { entries };
}

/** Drops entries unused for `keepMs` and writes the rest, sorted so the file diffs well. */
export async function saveImageCache(
  file: string,
  entries: CacheEntries,
  now: number,
  keepMs: number,
): Promise<void> {
  const kept = [...entries]
    .filter(([, e]) => now - Math.max(e.measuredAt ?? 0, e.failedAt ?? 0) <= keepMs)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const body = kept.map(([url, e]) => `    ${JSON.stringify(url)}: ${JSON.stringify(e)}`).join(',\n');
  await writeAtomic(file, `{\n  "version": ${VERSION},\n  "entries": {\n${body}\n  }\n}\n`);
}
