import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../test/http-server.js';
import { fixture, startImageHost } from '../../test/image-host.js';
import { testGuard, testProbeSettings } from '../../test/probe-settings.js';
import type { ResolveHost } from './host-guard.js';
import type { ProbeResult } from './image-facts.js';
import { probeImage } from './probe-image.js';

// The guard allows 127.0.0.1 only. 127.0.0.2 stands in for a private host: a canary listens
// there and must see no connection at all. Every address and name used here is loopback, so
// even a broken guard sends nothing off this machine; names resolve through a fake resolver
// that answers loopback only, and the only name used, `localhost`, is loopback on its own too.

async function canary(port = 0): Promise<TestServer> {
  return startServer(
    (_req, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end(fixture('chart.png')),
    '127.0.0.2',
    port,
  );
}

function refusal(result: ProbeResult): string {
  if (result.kind !== 'failed' || result.failure.kind !== 'refused')
    throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result.failure.message;
}

/** Answers `localhost` with the given addresses in turn, and counts the questions. */
function fakeResolver(...answers: string[]): ResolveHost & { calls: number } {
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    if (hostname !== 'localhost')
      throw Object.assign(new Error(`fake DNS: ${hostname}`), { code: 'ENOTFOUND' });
    const address = answers[Math.min(resolve.calls++, answers.length - 1)]!;
    return [{ address, family: 4 }];
  };
  resolve.calls = 0;
  return resolve;
}

describe('the address guard', () => {
  it('lets a request reach the canary when its address is allowed (so the canary can see one)', async () => {
    const target = await canary();
    const settings = testProbeSettings({ guard: testGuard({ allowHosts: ['127.0.0.2'] }) });
    expect((await probeImage(`${target.origin}/x.png`, undefined, settings)).kind).toBe('measured');
    expect(target.connections()).toBe(1);
  });

  it.each([
    [
      '127.0.0.2',
      (p: number) => `http://127.0.0.2:${p}/x.png`,
      /^refused: 127\.0\.0\.2 is a loopback address$/,
    ],
    [
      '[::ffff:127.0.0.2]',
      (p: number) => `http://[::ffff:127.0.0.2]:${p}/x.png`,
      /IPv4-mapped IPv6 address$/,
    ],
    ['2130706434', (p: number) => `http://2130706434:${p}/x.png`, /non-standard form$/],
    ['0x7f.0.0.2', (p: number) => `http://0x7f.0.0.2:${p}/x.png`, /non-standard form$/],
    ['017700000002', (p: number) => `http://017700000002:${p}/x.png`, /non-standard form$/],
  ])('refuses %s before connecting', async (_form, url, message) => {
    const target = await canary();
    expect(refusal(await probeImage(url(target.port), undefined, testProbeSettings()))).toMatch(message);
    expect(target.connections()).toBe(0);
  });

  it('refuses an IPv4-mapped form of an allowed address: only the plain form is allowed', async () => {
    const host = await startImageHost();
    const url = `http://[::ffff:127.0.0.1]:${host.port}/img/photo.jpg`;
    expect(refusal(await probeImage(url, undefined, testProbeSettings()))).toMatch(/IPv4-mapped/);
    expect(host.connections()).toBe(0);
  });

  it.each([
    ['127.0.0.2', (p: number) => `http://127.0.0.2:${p}/x.png`],
    ['[::ffff:127.0.0.2]', (p: number) => `http://[::ffff:127.0.0.2]:${p}/x.png`],
    ['2130706434', (p: number) => `http://2130706434:${p}/x.png`],
    ['a scheme-relative 0x7f.0.0.2', (p: number) => `//0x7f.0.0.2:${p}/x.png`],
    ['localhost (resolving to 127.0.0.2)', (p: number) => `http://localhost:${p}/x.png`],
  ])('refuses a redirect from an allowed host to %s', async (_form, location) => {
    const target = await canary();
    const host = await startImageHost();
    const resolve = fakeResolver('127.0.0.2');
    const settings = testProbeSettings({ guard: testGuard({ resolve }) });
    const url = host.url(`/redirect?to=${encodeURIComponent(location(target.port))}`);
    expect(refusal(await probeImage(url, undefined, settings))).toMatch(/^refused/);
    expect(host.requests).toHaveLength(1);
    expect(target.connections()).toBe(0);
  });

  it('refuses a name whose lookup returns only refused addresses', async () => {
    const target = await canary();
    const resolve = fakeResolver('127.0.0.2');
    const settings = testProbeSettings({ guard: testGuard({ resolve }) });
    const message = refusal(await probeImage(`http://localhost:${target.port}/x.png`, undefined, settings));
    expect(message).toBe(
      'refused: localhost resolves only to refused addresses (127.0.0.2 is a loopback address)',
    );
    expect(resolve.calls).toBe(1);
    expect(target.connections()).toBe(0);
  });

  it('checks the address of every connection: a name that rebinds to a refused address between hops is stopped', async () => {
    const host = await startImageHost();
    const target = await canary(host.port); // same port, the address the name rebinds to
    const resolve = fakeResolver('127.0.0.1', '127.0.0.2');
    const settings = testProbeSettings({ guard: testGuard({ resolve }) });
    // The redirect closes its connection, so the next hop needs a new socket and a new lookup.
    const url = `http://localhost:${host.port}/redirect?to=/img/photo.jpg`;
    expect(refusal(await probeImage(url, undefined, settings))).toMatch(/resolves only to refused addresses/);
    expect(resolve.calls).toBe(2);
    expect(host.requests).toHaveLength(1);
    expect(target.connections()).toBe(0);
  });

  it('trusts a host name listed in allowHosts whatever it resolves to', async () => {
    const host = await startImageHost();
    const settings = testProbeSettings({
      guard: testGuard({ allowHosts: ['LocalHost.'], resolve: fakeResolver('127.0.0.1') }),
    });
    const result = await probeImage(`http://localhost:${host.port}/img/badge.gif`, undefined, settings);
    expect(result.kind).toBe('measured');
  });
});
