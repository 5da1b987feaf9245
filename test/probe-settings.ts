import { afterEach } from 'vitest';
import { createHostGuard, type HostGuard, type HostGuardOptions } from '../src/media/host-guard.js';
import type { ProbeSettings } from '../src/media/probe-image.js';

// Probe settings for tests: short bounds so hostile hosts cost a second or two, and a guard
// that allows 127.0.0.1 only (the servers' address), so 127.0.0.2 stands in for a private host.

const guards: HostGuard[] = [];

afterEach(() => {
  for (const g of guards.splice(0)) g.destroy();
});

export const TEST_BOUNDS = {
  connectTimeoutMs: 1_000,
  firstByteTimeoutMs: 1_000,
  totalTimeoutMs: 2_000,
  maxRedirects: 3,
  maxBytes: 1024 * 1024,
  headBytes: 256 * 1024,
} as const;

export function testGuard(opts: Partial<HostGuardOptions> = {}): HostGuard {
  const guard = createHostGuard({ allowHosts: ['127.0.0.1'], ...opts });
  guards.push(guard);
  return guard;
}

export function testProbeSettings(overrides: Partial<ProbeSettings> = {}): ProbeSettings {
  return { ...TEST_BOUNDS, guard: overrides.guard ?? testGuard(), now: Date.now, ...overrides };
}

/** Runs `fn` and returns its result with the wall time it took. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}
