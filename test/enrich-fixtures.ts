import path from 'node:path';
import type { EnrichOptions } from '../src/enrich/enrich-options.js';
import type { Image } from '../src/records/article.js';
import { anImage } from './builders.js';
import { TEST_BOUNDS } from './probe-settings.js';
import { tempDir } from './temp-dir.js';

// Builders for the enrich stage's tests and benchmark: images without facts, and options with
// short bounds, a private cache file and only 127.0.0.1 allowed.

/** An image whose record gives no type, length, width or height. */
export function aBareImage(url: string, overrides: Partial<Image> = {}): Image {
  const { type: _t, length: _l, width: _w, height: _h, ...rest } = anImage({ url });
  return { ...rest, ...overrides };
}

export async function testEnrichOptions(overrides: Partial<EnrichOptions> = {}): Promise<EnrichOptions> {
  const dir = overrides.cacheFile === undefined ? await tempDir('syndicate-enrich-') : '';
  return {
    network: true,
    allowHosts: ['127.0.0.1'],
    concurrency: 4,
    budgetMs: 10_000,
    connectTimeoutMs: TEST_BOUNDS.connectTimeoutMs,
    firstByteTimeoutMs: TEST_BOUNDS.firstByteTimeoutMs,
    totalTimeoutMs: TEST_BOUNDS.totalTimeoutMs,
    maxBytes: TEST_BOUNDS.maxBytes,
    maxRedirects: TEST_BOUNDS.maxRedirects,
    retries: 1,
    retryDelayMs: 50,
    cacheFile: path.join(dir, '.syndicate', 'image-cache.json'),
    cacheMaxAgeMs: 3_600_000,
    failureCacheMs: 600_000,
    minWidthPx: 400,
    ...overrides,
  };
}
