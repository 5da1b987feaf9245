import type { CacheEntries, CacheEntry } from './image-cache.js';
import type { ImageFacts, ProbeFailure } from './image-facts.js';
import type { ProbeSettings } from './probe-image.js';
import { probeWithRetry, type RetryPolicy } from './probe-with-retry.js';

// The facts for one URL: from the cache while fresh, else from the host (conditionally when
// the cache holds validators), and the cache updated with the answer.

export interface CachePolicy {
  /** Facts younger than this are used without asking. */
  readonly maxAgeMs: number;
  /** A failure younger than this is reported again without asking. */
  readonly failureMs: number;
  /** Wall clock for ages; not the build's `now`, which --now may move by months. */
  readonly clock: () => number;
}

export type Lookup =
  | {
      readonly kind: 'facts';
      readonly facts: ImageFacts;
      readonly notes: readonly string[];
      readonly source: 'cache' | 'revalidated' | 'network';
      readonly attempts: number;
    }
  | {
      readonly kind: 'failed';
      readonly failure: Pick<ProbeFailure, 'kind' | 'message'>;
      readonly source: 'cache' | 'network';
      readonly attempts: number;
    };

/** The cached answer while it is fresh enough to use without asking; undefined otherwise. */
export function cachedLookup(entry: CacheEntry | undefined, cache: CachePolicy): Lookup | undefined {
  const now = cache.clock();
  if (entry?.facts !== undefined && now - (entry.measuredAt ?? 0) < cache.maxAgeMs) return fromCache(entry);
  if (entry?.failure !== undefined && now - (entry.failedAt ?? 0) < cache.failureMs) return fromCache(entry);
  return undefined;
}

export async function lookupImage(
  url: string,
  entries: CacheEntries,
  cache: CachePolicy,
  settings: ProbeSettings,
  retry: RetryPolicy,
): Promise<Lookup> {
  const entry = entries.get(url);
  const cached = cachedLookup(entry, cache);
  if (cached !== undefined) return cached;
  const sendValidators = entry?.facts !== undefined && (entry.etag ?? entry.lastModified) !== undefined;
  const { result, attempts } = await probeWithRetry(url, sendValidators ? entry : undefined, settings, retry);
  const at = cache.clock();
  switch (result.kind) {
    case 'measured': {
      const { facts, notes, validators } = result;
      entries.set(url, { facts, ...(notes.length ? { notes } : {}), ...validators, measuredAt: at });
      return { kind: 'facts', facts, notes, source: 'network', attempts };
    }
    case 'not-modified': {
      const { failure: _f, failedAt: _a, ...kept } = entry as CacheEntry;
      const updated: CacheEntry = { ...kept, ...result.validators, measuredAt: at };
      entries.set(url, updated);
      return {
        kind: 'facts',
        facts: updated.facts ?? {},
        notes: updated.notes ?? [],
        source: 'revalidated',
        attempts,
      };
    }
    case 'failed': {
      const { kind, message } = result.failure;
      // A refusal depends on the config and an abort on this build's budget: neither says
      // anything about the host, so neither is remembered.
      if (kind === 'refused' || kind === 'aborted')
        return { kind: 'failed', failure: { kind, message }, source: 'network', attempts };
      const updated: CacheEntry = { ...entry, failure: { kind, message }, failedAt: at };
      entries.set(url, updated);
      return { ...fromCache(updated), source: 'network', attempts };
    }
  }
}

/** A failed host with facts from an earlier build keeps them (stale beats none), with a note. */
function fromCache(entry: CacheEntry): Lookup {
  const failure = entry.failure;
  if (failure === undefined || entry.failedAt === undefined || (entry.measuredAt ?? 0) > entry.failedAt)
    return {
      kind: 'facts',
      facts: entry.facts ?? {},
      notes: entry.notes ?? [],
      source: 'cache',
      attempts: 0,
    };
  if (entry.facts === undefined) return { kind: 'failed', failure, source: 'cache', attempts: 0 };
  const note = `${failure.message} (facts measured on an earlier build kept)`;
  return {
    kind: 'facts',
    facts: entry.facts,
    notes: [...(entry.notes ?? []), note],
    source: 'cache',
    attempts: 0,
  };
}
