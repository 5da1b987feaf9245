import path from 'node:path';
import type { ResolveHost } from '../media/host-guard.js';

// The stage's options, plain and in milliseconds. `enrichOptionsOf` maps the config's `enrich`
// section onto them; the section's type is restated here so enrich/ need not import config/.

export interface EnrichOptions {
  /** false: ask no host and read no cache; only the records' own facts are checked (--no-enrich). */
  readonly network: boolean;
  readonly allowHosts: readonly string[];
  readonly concurrency: number;
  /** Wall time for the whole stage; images not looked up by then go without facts. */
  readonly budgetMs: number;
  readonly connectTimeoutMs: number;
  readonly firstByteTimeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly retries: number;
  /** Absolute path of the cache file; undefined keeps no cache. */
  readonly cacheFile?: string;
  readonly cacheMaxAgeMs: number;
  readonly failureCacheMs: number;
  /** Photos narrower than this are reported; 0 turns the check off. */
  readonly minWidthPx: number;
  /** Bytes asked for with Range; default 256 KiB, enough for the size of nearly every JPEG. */
  readonly headBytes?: number;
  /** First retry pause; default 250 ms, doubled each time. */
  readonly retryDelayMs?: number;
  /** Wall clock for cache ages; default Date.now. Not the build's `now` (--now may move it). */
  readonly clock?: () => number;
  /** Host name resolver; default the system's. Tests pass one that answers loopback only. */
  readonly resolve?: ResolveHost;
  readonly onProgress?: (message: string) => void;
}

/** `config.enrich` as the config schema outputs it. */
export interface EnrichSettings {
  readonly enabled: boolean;
  readonly allowHosts: readonly string[];
  readonly concurrency: number;
  readonly budgetMs: number;
  readonly connectTimeoutMs: number;
  readonly firstByteTimeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly retries: number;
  readonly cacheFile: string;
  readonly cacheMaxAgeHours: number;
  readonly failureCacheMinutes: number;
  readonly minWidthPx: number;
}

/** `stateDir` is the resolved paths.state; `network` is false for --no-enrich. */
export function enrichOptionsOf(settings: EnrichSettings, stateDir: string, network = true): EnrichOptions {
  return {
    network: network && settings.enabled,
    allowHosts: settings.allowHosts,
    concurrency: settings.concurrency,
    budgetMs: settings.budgetMs,
    connectTimeoutMs: settings.connectTimeoutMs,
    firstByteTimeoutMs: settings.firstByteTimeoutMs,
    totalTimeoutMs: settings.totalTimeoutMs,
    maxBytes: settings.maxBytes,
    maxRedirects: settings.maxRedirects,
    retries: settings.retries,
    cacheFile: path.join(stateDir, settings.cacheFile),
    cacheMaxAgeMs: settings.cacheMaxAgeHours * 3_600_000,
    failureCacheMs: settings.failureCacheMinutes * 60_000,
    minWidthPx: settings.minWidthPx,
  };
}
