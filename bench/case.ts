import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { renderAtom } from '../src/formats/atom.js';
import type { FeedView } from '../src/formats/feed-view.js';
import { renderJsonFeed } from '../src/formats/jsonfeed.js';
import { renderRss } from '../src/formats/rss.js';
import { encodeChunks } from '../src/publish/encode-chunks.js';
import { type Format, renderWithFeedPackage } from './baselines.js';
import { makeFeed, makeStories } from './stories.js';

// One (writer, format, size) case in its own process, so its peak RSS is its own.
// Usage: node --expose-gc --import tsx bench/case.ts --impl ours --format rss --size 1000 --runs 5 [--stream]
// Prints `BASELINE {...}` once the input exists, then `RESULT {...}` (see CaseResult).

export type Impl = 'ours' | 'feed' | 'stringify';

export interface CaseResult {
  /** Milliseconds of each measured run; the first (cold) run is separate when runs > 1. */
  readonly times: number[];
  readonly coldMs?: number;
  /** UTF-8 bytes written per run. */
  readonly bytes: number;
  /** RSS after building the input and a full GC: what the writer starts from. */
  readonly baselineRss: number;
  /** The process's RSS high-water mark when the writer started, and at the end. */
  readonly maxRssBefore: number;
  readonly maxRssAfter: number;
  /** Highest RSS sampled while streaming chunks (streamed cases only). */
  readonly sampledPeakRss?: number;
  readonly error?: string;
}

const WRITERS: Record<Format, (feed: FeedView) => Iterable<string>> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const maxRss = (): number => process.resourceUsage().maxRSS * 1024;

/** Publishing's way (writeAtomic): chunks encoded into large blocks, lengths summed. */
function consume(chunks: Iterable<string>): number {
  let bytes = 0;
  for (const block of encodeChunks(chunks)) bytes += block.length;
  return bytes;
}

/** The same into a file, waiting for 'drain' so at most a chunk or two is ever buffered. */
async function consumeToFile(chunks: Iterable<string>, file: string, sample: (rss: number) => void) {
  const out = createWriteStream(file);
  let bytes = 0;
  let n = 0;
  for (const buf of encodeChunks(chunks)) {
    bytes += buf.length;
    if (++n % 16 === 0) sample(process.memoryUsage.rss());
    if (!out.write(buf)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  sample(process.memoryUsage.rss());
  return bytes;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      impl: { type: 'string' },
      format: { type: 'string' },
      size: { type: 'string' },
      runs: { type: 'string', default: '1' },
      stream: { type: 'boolean', default: false },
    },
  });
  const impl = values.impl as Impl;
  const format = values.format as Format;
  const size = Number(values.size);
  const runs = Number(values.runs);

  const stories = makeStories(size);
  const feed = makeFeed(stories);
  const file = path.join(tmpdir(), `syndicate-bench-${process.pid}.${format}`);
  let sampledPeakRss = 0;
  const sample = (rss: number) => {
    sampledPeakRss = Math.max(sampledPeakRss, rss);
  };

  const runOnce = async (): Promise<number> => {
    if (impl === 'ours') {
      const chunks = WRITERS[format](feed);
      return values.stream ? consumeToFile(chunks, file, sample) : consume(chunks);
    }
    const text = impl === 'feed' ? renderWithFeedPackage(feed, format) : JSON.stringify(stories);
    const buf = Buffer.from(text);
    if (values.stream) await writeFile(file, buf);
    return buf.length;
  };

  gc();
  const baselineRss = process.memoryUsage.rss();
  const maxRssBefore = maxRss();
  console.log(`BASELINE ${JSON.stringify({ baselineRss, maxRssBefore })}`);

  const times: number[] = [];
  let coldMs: number | undefined;
  let bytes = 0;
  let error: string | undefined;
  try {
    for (let i = runs > 1 ? -1 : 0; i < runs; i++) {
      const t0 = performance.now();
      bytes = await runOnce();
      const ms = performance.now() - t0;
      if (i < 0) coldMs = ms;
      else times.push(ms);
      gc();
    }
  } catch (err) {
    error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  } finally {
    await rm(file, { force: true });
  }
  const result: CaseResult = {
    times,
    ...(coldMs === undefined ? {} : { coldMs }),
    bytes,
    baselineRss,
    maxRssBefore,
    maxRssAfter: maxRss(),
    ...(sampledPeakRss ? { sampledPeakRss } : {}),
    ...(error === undefined ? {} : { error }),
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

await main();
