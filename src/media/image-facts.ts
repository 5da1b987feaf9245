// What a probe learns about one image URL, and how it can fail. Plain data: it is cached as JSON.

export interface ImageFacts {
  readonly type?: string;
  readonly length?: number;
  readonly width?: number;
  readonly height?: number;
}

/** Cache validators from the last answer (RFC 9110 8.8). */
export interface Validators {
  readonly etag?: string;
  readonly lastModified?: string;
}

/**
 * refused: the guard or the URL check said no (not cached: the config may change);
 * aborted: the build's budget ran out (not cached: the host did nothing wrong).
 */
export type FailureKind = 'refused' | 'http' | 'timeout' | 'network' | 'not-an-image' | 'aborted';

export interface ProbeFailure {
  readonly kind: FailureKind;
  /** One line, no stack: `404 Not Found`, `no response headers within 5000 ms`. */
  readonly message: string;
  /** Worth another attempt now: 408, 429, 5xx, a reset connection. */
  readonly transient: boolean;
  /** From Retry-After, when the host gave one. */
  readonly retryAfterMs?: number;
}

export type ProbeResult =
  | {
      readonly kind: 'measured';
      readonly facts: ImageFacts;
      /** Facts the host did not give away, each as one line: `length unknown: …`. */
      readonly notes: readonly string[];
      readonly validators: Validators;
    }
  | { readonly kind: 'not-modified'; readonly validators: Validators }
  | { readonly kind: 'failed'; readonly failure: ProbeFailure };

export const FACT_NAMES = ['type', 'length', 'width', 'height'] as const;

export function hasAllFacts(facts: ImageFacts): boolean {
  return FACT_NAMES.every((name) => facts[name] !== undefined);
}
