import { describe, expect, it } from 'vitest';
import { FIXTURES, type FixtureName, fixture, startImageHost } from '../../test/image-host.js';
import { TEST_BOUNDS, testProbeSettings, timed } from '../../test/probe-settings.js';
import type { ProbeResult } from './image-facts.js';
import { probeImage } from './probe-image.js';
import { probeWithRetry } from './probe-with-retry.js';

// Real HTTP on 127.0.0.1 (allowed in these settings); each hostile case is timed against its bound.
// Margins are generous: CI is a loaded 2-core machine.

const SLACK_MS = 1_500;

function factsOf(result: ProbeResult) {
  if (result.kind !== 'measured') throw new Error(`expected facts, got ${JSON.stringify(result)}`);
  return result;
}

function failureOf(result: ProbeResult) {
  if (result.kind !== 'failed') throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result.failure;
}

describe('probing a well-behaved image host', () => {
  it.each(Object.keys(FIXTURES) as FixtureName[])(
    'learns type, length and size of %s from the first bytes with a Range request',
    async (name) => {
      const host = await startImageHost();
      const result = factsOf(await probeImage(host.url(`/img/${name}`), undefined, testProbeSettings()));
      expect(result.facts).toEqual({ ...FIXTURES[name], length: fixture(name).length });
      expect(result.notes).toEqual([]);
      expect(result.validators.etag).toMatch(/^"/);
      expect(host.requests[0]?.headers.range).toBe(`bytes=0-${TEST_BOUNDS.headBytes - 1}`);
    },
  );

  it('reads the length from Content-Length when the host ignores Range', async () => {
    const host = await startImageHost();
    const result = factsOf(await probeImage(host.url('/plain/lamp.webp'), undefined, testProbeSettings()));
    expect(result.facts).toEqual({ ...FIXTURES['lamp.webp'], length: fixture('lamp.webp').length });
  });

  it('downloads the whole image to measure it when the host sends no length', async () => {
    const host = await startImageHost();
    const result = factsOf(await probeImage(host.url('/chunked/photo.jpg'), undefined, testProbeSettings()));
    expect(result.facts).toEqual({ ...FIXTURES['photo.jpg'], length: fixture('photo.jpg').length });
  });

  it('answers a conditional request with not-modified when the ETag still matches', async () => {
    const host = await startImageHost();
    const first = factsOf(await probeImage(host.url('/img/chart.png'), undefined, testProbeSettings()));
    const again = await probeImage(host.url('/img/chart.png'), first.validators, testProbeSettings());
    expect(again.kind).toBe('not-modified');
    expect(host.requests[1]?.headers['if-none-match']).toBe(first.validators.etag);
  });
});

describe('probing a hostile image host', () => {
  it('gives up on a host that never answers after the first-byte timeout', async () => {
    const host = await startImageHost();
    const { value, ms } = await timed(() => probeImage(host.url('/hang'), undefined, testProbeSettings()));
    expect(failureOf(value)).toMatchObject({
      kind: 'timeout',
      message: 'no response headers within 1000 ms',
    });
    expect(ms).toBeGreaterThanOrEqual(TEST_BOUNDS.firstByteTimeoutMs - 50);
    expect(ms).toBeLessThan(TEST_BOUNDS.firstByteTimeoutMs + SLACK_MS);
  });

  it('gives up on a host that trickles a byte a second after the total timeout', async () => {
    const host = await startImageHost();
    const { value, ms } = await timed(() => probeImage(host.url('/trickle'), undefined, testProbeSettings()));
    expect(failureOf(value)).toMatchObject({ kind: 'timeout', message: 'not complete within 2000 ms' });
    expect(ms).toBeLessThan(TEST_BOUNDS.totalTimeoutMs + SLACK_MS);
  });

  it('stops a redirect loop at the redirect cap', async () => {
    const host = await startImageHost();
    const { value, ms } = await timed(() => probeImage(host.url('/loop/0'), undefined, testProbeSettings()));
    expect(failureOf(value)).toMatchObject({ kind: 'http', message: 'more than 3 redirects' });
    expect(host.requests).toHaveLength(TEST_BOUNDS.maxRedirects + 1);
    expect(ms).toBeLessThan(SLACK_MS);
  });

  it('bounds a whole redirect chain by the total timeout, not each hop', async () => {
    const host = await startImageHost();
    const { value, ms } = await timed(() =>
      probeImage(host.url('/slow-loop/0'), undefined, testProbeSettings()),
    );
    expect(failureOf(value)).toMatchObject({ kind: 'timeout', message: 'not complete within 2000 ms' });
    expect(ms).toBeGreaterThanOrEqual(TEST_BOUNDS.totalTimeoutMs - 50);
    expect(ms).toBeLessThan(TEST_BOUNDS.totalTimeoutMs + SLACK_MS);
  });

  it('retries a 500 with backoff and then learns the facts', async () => {
    const host = await startImageHost();
    const policy = { retries: 2, baseDelayMs: 100, maxDelayMs: 1_000, deadline: Date.now() + 10_000 };
    const { value, ms } = await timed(() =>
      probeWithRetry(host.url('/flaky/k/badge.gif'), undefined, testProbeSettings(), policy),
    );
    expect(value.attempts).toBe(2);
    expect(factsOf(value.result).facts).toMatchObject(FIXTURES['badge.gif']);
    expect(ms).toBeGreaterThanOrEqual(50); // the backoff: at least half the base delay
    expect(ms).toBeLessThan(SLACK_MS);
  });

  it('does not retry a 404', async () => {
    const host = await startImageHost();
    const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1_000, deadline: Date.now() + 10_000 };
    const { result, attempts } = await probeWithRetry(
      host.url('/gone'),
      undefined,
      testProbeSettings(),
      policy,
    );
    expect(failureOf(result)).toEqual({ kind: 'http', message: '404 Not Found', transient: false });
    expect(attempts).toBe(1);
    expect(host.requests).toHaveLength(1);
  });

  it('takes the type from the bytes when Content-Type lies', async () => {
    const host = await startImageHost();
    const result = factsOf(await probeImage(host.url('/lying-type'), undefined, testProbeSettings()));
    expect(result.facts).toEqual({ ...FIXTURES['photo.jpg'], length: fixture('photo.jpg').length });
  });

  it('keeps type and size but no length when the body ends short of its Content-Length', async () => {
    const host = await startImageHost();
    const { value, ms } = await timed(() =>
      probeImage(host.url('/lying-length'), undefined, testProbeSettings()),
    );
    const result = factsOf(value);
    expect(result.facts).toEqual(FIXTURES['badge.gif']);
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(/^length unknown: /);
    expect(ms).toBeLessThan(SLACK_MS);
  });

  it('reads only the head of a 2 GB image that announces its length', async () => {
    const host = await startImageHost();
    const { value, ms } = await timed(() => probeImage(host.url('/huge'), undefined, testProbeSettings()));
    expect(factsOf(value).facts).toEqual({ type: 'image/png', width: 800, height: 450, length: 2 ** 31 });
    expect(ms).toBeLessThan(SLACK_MS);
    expect(host.bytesSent).toBeLessThan(32 * 1024 * 1024);
  });

  it('stops a 2 GB image without a length at the byte cap', async () => {
    const host = await startImageHost();
    const { value, ms } = await timed(() =>
      probeImage(host.url('/huge-chunked'), undefined, testProbeSettings()),
    );
    const result = factsOf(value);
    expect(result.facts).toEqual({ type: 'image/png', width: 800, height: 450 });
    expect(result.notes).toEqual([`length unknown: no length given and over ${TEST_BOUNDS.maxBytes} bytes`]);
    expect(ms).toBeLessThan(TEST_BOUNDS.totalTimeoutMs + SLACK_MS);
    expect(host.bytesSent).toBeLessThan(32 * 1024 * 1024);
  });

  it('reports an HTML page as not an image, without reading it all', async () => {
    const host = await startImageHost();
    const result = await probeImage(host.url('/page.html'), undefined, testProbeSettings());
    expect(failureOf(result)).toEqual({
      kind: 'not-an-image',
      message: 'an HTML or XML page (text/html), not an image',
      transient: false,
    });
  });

  it('refuses schemes other than http and https without a request', async () => {
    const result = await probeImage('file:///etc/passwd', undefined, testProbeSettings());
    expect(failureOf(result)).toMatchObject({
      kind: 'refused',
      message: expect.stringMatching(/^refused: file: URLs/),
    });
  });
});
