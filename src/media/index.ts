// media: asks image hosts (got) for an image's type, length and pixel size, behind an SSRF guard, with a cache.
// Imports no other module of ours but publish/write-atomic.ts: not records, enrich, formats or build.

export { type CachePolicy, cachedLookup, type Lookup, lookupImage } from './cached-probe.js';
export { checkUrl } from './check-url.js';
export { type AddressVerdict, classifyAddress } from './classify-address.js';
export {
  createHostGuard,
  type HostGuard,
  type HostGuardOptions,
  RefusedError,
  type ResolveHost,
} from './host-guard.js';
export { type CacheEntries, type CacheEntry, loadImageCache, saveImageCache } from './image-cache.js';
export {
  FACT_NAMES,
  hasAllFacts,
  type ImageFacts,
  type ProbeFailure,
  type ProbeResult,
} from './image-facts.js';
export { type ProbeSettings, probeImage } from './probe-image.js';
export { type ProbeOutcome, probeWithRetry, type RetryPolicy } from './probe-with-retry.js';
export { decideImageType, sniffImageType } from './sniff-image-type.js';
