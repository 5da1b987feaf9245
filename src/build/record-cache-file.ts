import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../publish/write-atomic.js';
import type { Article } from '../records/article.js';
import { type BodySegment, sweepSegments } from '../records/body-segments.js';
import {
  bodySegmentOf,
  fromStored,
  type StoredArticle,
  type Strings,
  toStored,
} from '../records/compact-article.js';
import {
  type CachedRecord,
  changedSince,
  type LoadOptions,
  type RecordCache,
} from '../records/load-content.js';
import { mapLimit } from '../records/map-limit.js';

// <state>/records/NNN.json: what each record file gave last time, keyed by its path and checked
// by size and mtime, so a build reads only records that changed. Spread over 256 shards so one
// edited story rewrites a 256th of the cache, not all of it: about 1.3 MB for a site of 100 000
// stories. Valid only under the same options: a shard made for another base URL or limit is
// ignored.

// 2: a long body is stored deflated (compact-article.ts), as loaded articles keep it.
// 3: 256 shards instead of 64.
const VERSION = 3;
const SHARDS = 256;
const FOLDER = 'records';

/** Where the parsing workers of a build with this state folder write long bodies. */
export function recordBodiesFolder(stateDir: string): string {
  return path.join(stateDir, 'bodies');
}

export function recordOptionsKey(opts: Omit<LoadOptions, 'cache' | 'optionsKey'>): string {
  return createHash('sha256')
    .update(JSON.stringify([VERSION, opts]))
    .digest('base64url')
    .slice(0, 16);
}

const shards = new Map<string, string>();

function shardOf(file: string): string {
  let shard = shards.get(file);
  if (shard === undefined) {
    const n = createHash('sha1').update(file).digest()[0] as number;
    shard = String(n % SHARDS).padStart(3, '0');
    if (shards.size >= 1_000_000) shards.clear();
    shards.set(file, shard);
  }
  return shard;
}

interface Shard {
  readonly optionsKey: string;
  /** CachedRecord, its articles in their stored form. */
  readonly files: [string, CachedRecord][];
}

/** An entry with each article converted by `convert`, everything else (and key order) as it is. */
function mapArticles<A, B>(entry: CachedRecord, convert: (a: A) => B): CachedRecord {
  const article = (a: Article) => convert(a as A) as unknown as Article;
  const { result, lastGood } = entry;
  return {
    ...entry,
    result: result.article ? { ...result, article: article(result.article) } : result,
    ...(lastGood ? { lastGood: { ...lastGood, article: article(lastGood.article) } } : {}),
  };
}

export async function readRecordCache(stateDir: string, optionsKey: string): Promise<RecordCache> {
  const dir = path.join(stateDir, FOLDER);
  const names = await readdir(dir).catch(() => [] as string[]);
  const shards = await mapLimit(
    names.filter((n) => /^\d{3}\.json$/.test(n)),
    8,
    async (name) => {
      try {
        return JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Shard;
      } catch {
        return undefined; // unreadable: its records are read again, which is always correct
      }
    },
  );
  const cache = new Map<string, CachedRecord>();
  const strings: Strings = new Map();
  const bodies = recordBodiesFolder(stateDir);
  // Only files there now: one this process still has open may have been removed since.
  const present = new Set(await readdir(bodies).catch(() => [] as string[]));
  const bodyFile = (name: string) => (present.has(name) ? path.join(bodies, name) : undefined);
  const loaded = (e: CachedRecord) => mapArticles(e, (a: StoredArticle) => fromStored(a, strings, bodyFile));
  for (const shard of shards) {
    if (shard?.optionsKey !== optionsKey || !Array.isArray(shard.files)) continue;
    for (const [f, e] of shard.files) {
      try {
        cache.set(f, loaded(e));
      } catch {
        // not as this version writes it, or its body file is gone: the record is read again
      }
    }
  }
  return cache;
}

/**
 * A shard's JSON (`Shard`) a record at a time: a first build writes every story of the site,
 * and as one string per shard that is hundreds of megabytes of large strings for the collector.
 */
function* shardChunks(optionsKey: string, files: readonly [string, CachedRecord][]): Generator<string> {
  yield `{"optionsKey":${JSON.stringify(optionsKey)},"files":[`;
  for (const [i, [file, entry]] of files.entries())
    yield `${i === 0 ? '' : ','}${JSON.stringify([file, mapArticles(entry, toStored)])}`;
  yield ']}';
}

/** Rewrites only the shards holding an entry that differs from the one it was loaded from. */
export async function writeRecordCache(
  stateDir: string,
  optionsKey: string,
  cache: RecordCache,
  previous: RecordCache,
): Promise<void> {
  const dirty = new Set<string>();
  const changed = changedSince(cache, previous);
  if (changed !== undefined) for (const file of changed) dirty.add(shardOf(file));
  else {
    for (const [file, entry] of cache) if (previous.get(file) !== entry) dirty.add(shardOf(file));
    for (const file of previous.keys()) if (!cache.has(file)) dirty.add(shardOf(file));
  }
  if (dirty.size === 0) return;
  const byShard = new Map<string, [string, CachedRecord][]>();
  for (const [file, entry] of cache) {
    const shard = shardOf(file);
    if (!dirty.has(shard)) continue;
    const list = byShard.get(shard);
    if (list === undefined) byShard.set(shard, [[file, entry]]);
    else list.push([file, entry]);
  }
  const dir = path.join(stateDir, FOLDER);
  // A saved entry may point into a body file only once that file's bytes are on disk.
  const used = bodySegmentsOf(cache);
  for (const segment of used) await segment.sync();
  await mapLimit([...dirty], 8, async (shard) => {
    const files = byShard.get(shard);
    const target = path.join(dir, `${shard}.json`);
    if (files === undefined) await rm(target, { force: true });
    else await writeAtomic(target, shardChunks(optionsKey, files));
  });
  // Written from nothing (a first build, or a cache of an earlier layout that was not read):
  // shards of another layout would only take space.
  if (previous.size === 0) {
    const names = await readdir(dir).catch(() => [] as string[]);
    const stale = names.filter((n) => n.endsWith('.json') && !/^\d{3}\.json$/.test(n));
    await Promise.all(stale.map((n) => rm(path.join(dir, n), { force: true })));
  }
  await sweepSegments(recordBodiesFolder(stateDir), used);
}

function bodySegmentsOf(cache: RecordCache): Set<BodySegment> {
  const used = new Set<BodySegment>();
  const add = (a: Article | undefined) => {
    const segment = a && bodySegmentOf(a);
    if (segment !== undefined) used.add(segment);
  };
  for (const entry of cache.values()) {
    add(entry.result.article);
    add(entry.lastGood?.article);
  }
  return used;
}
