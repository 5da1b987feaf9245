import { setTimeout as sleep } from 'node:timers/promises';
import type { ProbeResult, Validators } from './image-facts.js';
import { type ProbeSettings, probeImage } from './probe-image.js';

// Retries only what another identical GET may cure: 408, 429, 5xx and reset connections.
// A GET is idempotent, so repeating it is safe; timeouts are not retried, because each one
// already cost its full bound and a host that timed out once usually does again (the failure
// cache asks it again on a later build instead).

export interface RetryPolicy {
  readonly retries: number;
  /** First pause; doubled each time, with jitter so that parallel probes do not retry in step. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** No retry starts after this instant (epoch ms, same clock as `now`). */
  readonly deadline: number;
}

export interface ProbeOutcome {
  readonly result: ProbeResult;
  readonly attempts: number;
}

export async function probeWithRetry(
  url: string,
  validators: Validators | undefined,
  settings: ProbeSettings,
  policy: RetryPolicy,
  random: () => number = Math.random,
): Promise<ProbeOutcome> {
  for (let attempt = 1; ; attempt++) {
    const result = await probeImage(url, validators, settings);
    if (result.kind !== 'failed' || !result.failure.transient || attempt > policy.retries)
      return { result, attempts: attempt };
    const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + random() / 2);
    const delay = Math.min(result.failure.retryAfterMs ?? backoff, policy.maxDelayMs);
    if (settings.now() + delay >= policy.deadline) return { result, attempts: attempt };
    try {
      await sleep(delay, undefined, settings.signal === undefined ? {} : { signal: settings.signal });
    } catch {
      return { result, attempts: attempt }; // the budget ran out while waiting: keep the last answer
    }
  }
}
