import { setMaxListeners } from 'node:events';
import path from 'node:path';
import {
  type CacheEntries,
  type CachePolicy,
  cachedLookup,
  createHostGuard,
  type Lookup,
  loadImageCache,
  lookupImage,
  type ProbeSettings,
  saveImageCache,
} from '../media/index.js';
import type { EnrichOptions } from './enrich-options.js';
import { cacheProblem, type ImageProblem } from './image-problems.js';
import { runPool } from './run-pool.js';

// Looks up every URL once: fresh cache answers first (they cost nothing, so the budget never
// starves them), then the rest from their hosts, `concurrency` at a time, until the budget is
// spent. Whatever is in flight then is aborted, and whatever has not started goes without.

export interface UrlLookups {
  /** Absent: not looked up (budget spent). */
  readonly found: ReadonlyMap<string, Lookup>;
  readonly requests: number;
  readonly problems: readonly ImageProblem[];
}

/** Unused entries are dropped after this long, or four max ages if longer. */
const KEEP_UNUSED_MS = 30 * 24 * 3_600_000;

export async function lookupUrls(urls: readonly string[], opts: EnrichOptions): Promise<UrlLookups> {
  const clock = opts.clock ?? Date.now;
  const cachePolicy: CachePolicy = { maxAgeMs: opts.cacheMaxAgeMs, failureMs: opts.failureCacheMs, clock };
  const problems: ImageProblem[] = [];
  const loaded =
    opts.cacheFile === undefined
      ? { entries: new Map() as CacheEntries }
      : await loadImageCache(opts.cacheFile);
  if (loaded.problem !== undefined && opts.cacheFile !== undefined)
    problems.push(cacheProblem(shown(opts.cacheFile), `image cache ${loaded.problem}`));
  const { entries } = loaded;

  const found = new Map<string, Lookup>();
  const toAsk: string[] = [];
  for (const url of urls) {
    const cached = cachedLookup(entries.get(url), cachePolicy);
    if (cached === undefined) toAsk.push(url);
    else found.set(url, cached);
  }
  if (toAsk.length === 0) return { found, requests: 0, problems };

  opts.onProgress?.(`asking image hosts about ${toAsk.length} image${toAsk.length === 1 ? '' : 's'}`);
  const guard = createHostGuard({
    allowHosts: opts.allowHosts,
    ...(opts.resolve ? { resolve: opts.resolve } : {}),
  });
  const budget = new AbortController();
  // Every request in flight listens to the one budget signal (got, and the retry pause).
  setMaxListeners(4 * opts.concurrency + 16, budget.signal);
  const deadline = Date.now() + opts.budgetMs;
  const timer = setTimeout(() => budget.abort(), opts.budgetMs);
  const settings: ProbeSettings = {
    guard,
    connectTimeoutMs: opts.connectTimeoutMs,
    firstByteTimeoutMs: opts.firstByteTimeoutMs,
    totalTimeoutMs: opts.totalTimeoutMs,
    maxRedirects: opts.maxRedirects,
    maxBytes: opts.maxBytes,
    headBytes: opts.headBytes ?? 256 * 1024,
    signal: budget.signal,
    now: Date.now,
  };
  const retry = { retries: opts.retries, baseDelayMs: opts.retryDelayMs ?? 250, maxDelayMs: 5_000, deadline };
  let requests = 0;
  try {
    await runPool(toAsk, opts.concurrency, async (url) => {
      if (budget.signal.aborted) return;
      const lookup = await lookupImage(url, entries, cachePolicy, settings, retry);
      requests += lookup.attempts;
      // An abort is the budget's doing, not the host's: the image counts as not looked up.
      if (lookup.kind === 'failed' && lookup.failure.kind === 'aborted') return;
      found.set(url, lookup);
    });
  } finally {
    clearTimeout(timer);
    guard.destroy();
  }

  if (opts.cacheFile !== undefined) {
    const keepMs = Math.max(KEEP_UNUSED_MS, 4 * opts.cacheMaxAgeMs);
    try {
      await saveImageCache(opts.cacheFile, entries, clock(), keepMs);
    } catch (err) {
      // Losing the cache costs the next build time, not correctness: report it and go on.
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      problems.push(
        cacheProblem(
          shown(opts.cacheFile),
          `cannot write the image cache (${code}); the next build asks again`,
        ),
      );
    }
  }
  return { found, requests, problems };
}

/** Relative to the working folder like every other diagnostic, unless that climbs out of it. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
