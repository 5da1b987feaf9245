import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pingHubs } from './ping-hubs.js';

// A real hub stub on 127.0.0.1 (port 0) that records every ping and answers as told.

interface Ping {
  readonly method: string;
  readonly contentType: string | undefined;
  readonly form: URLSearchParams;
}

type Answer = (n: number, res: http.ServerResponse) => void;

const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

async function hubStub(answer: Answer): Promise<{ url: string; pings: Ping[] }> {
  const pings: Ping[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      pings.push({
        method: req.method ?? '',
        contentType: req.headers['content-type'],
        form: new URLSearchParams(body),
      });
      answer(pings.length, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`, pings };
}

const status =
  (...codes: number[]): Answer =>
  (n, res) => {
    res.writeHead(codes[Math.min(n, codes.length) - 1] ?? 204);
    res.end();
  };

const RSS = 'https://news.example/feeds/rss.xml';
const ATOM = 'https://news.example/feeds/atom.xml';
const fast = { timeoutMs: 1_000, retries: 2, retryDelayMs: 10 };

describe('pingHubs', () => {
  it('sends a form-encoded publish ping per topic with hub.mode, hub.url and hub.topic', async () => {
    const hub = await hubStub(status(204));
    const results = await pingHubs([hub.url], [RSS, ATOM], fast);
    expect(results.map((r) => [r.topics, r.ok, r.status, r.attempts])).toEqual([
      [[RSS], true, 204, 1],
      [[ATOM], true, 204, 1],
    ]);
    expect(hub.pings).toHaveLength(2);
    const first = hub.pings[0]!;
    expect(first.method).toBe('POST');
    expect(first.contentType).toBe('application/x-www-form-urlencoded');
    expect([...first.form]).toEqual([
      ['hub.mode', 'publish'],
      ['hub.url', RSS],
      ['hub.topic', RSS],
    ]);
  });

  it('in batch mode names every topic as a repeated hub.url in one request', async () => {
    const hub = await hubStub(status(202));
    const results = await pingHubs([hub.url], [RSS, ATOM, RSS], { ...fast, batch: true });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: true, status: 202, topics: [RSS, ATOM] });
    expect(hub.pings[0]!.form.getAll('hub.url')).toEqual([RSS, ATOM]);
    expect(hub.pings[0]!.form.getAll('hub.topic')).toEqual([]);
  });

  it('retries a 500 with backoff, then succeeds', async () => {
    const hub = await hubStub(status(500, 503, 204));
    const [result] = await pingHubs([hub.url], [RSS], fast);
    expect(result).toMatchObject({ ok: true, status: 204, attempts: 3 });
    expect(hub.pings).toHaveLength(3);
  });

  it('gives up after the retries on a hub that keeps failing, without throwing', async () => {
    const hub = await hubStub(status(502));
    const [result] = await pingHubs([hub.url], [RSS], { ...fast, retries: 1 });
    expect(result).toMatchObject({ ok: false, status: 502, attempts: 2 });
    expect(result!.error).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/hub: 502/);
  });

  it('does not retry a 4xx', async () => {
    const hub = await hubStub(status(400));
    const [result] = await pingHubs([hub.url], [RSS], fast);
    expect(result).toMatchObject({ ok: false, status: 400, attempts: 1 });
    expect(hub.pings).toHaveLength(1);
  });

  it('times out on a hub that never answers, in bounded time', async () => {
    const hub = await hubStub(() => {
      // never answer
    });
    const started = performance.now();
    const [result] = await pingHubs([hub.url], [RSS], { timeoutMs: 150, retries: 1, retryDelayMs: 10 });
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ ok: false, attempts: 2 });
    expect(result!.status).toBeUndefined();
    expect(result!.error).toMatch(/timeout|ETIMEDOUT/i);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('retries a refused connection and reports it', async () => {
    const closed = await hubStub(status(204));
    const url = closed.url;
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const [result] = await pingHubs([url], [RSS], { ...fast, retries: 1 });
    expect(result).toMatchObject({ ok: false, attempts: 2 });
    expect(result!.error).toContain('ECONNREFUSED');
  });

  it('refuses hub and topic URLs that are not http(s), sending nothing for them', async () => {
    const hub = await hubStub(status(204));
    const results = await pingHubs(
      ['file:///etc/passwd', 'ftp://hub.example/', 'not a url', hub.url],
      [RSS, 'javascript:alert(1)'],
      fast,
    );
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(4);
    expect(refused.every((r) => r.attempts === 0)).toBe(true);
    expect(results.filter((r) => r.ok).map((r) => [r.hub, r.topics])).toEqual([[hub.url, [RSS]]]);
    expect(hub.pings).toHaveLength(1);
  });

  it('pings hubs independently: one failing hub does not stop another', async () => {
    const good = await hubStub(status(204));
    const bad = await hubStub(status(404));
    const results = await pingHubs([bad.url, good.url], [RSS], fast);
    expect(results.map((r) => [r.hub, r.ok])).toEqual([
      [bad.url, false],
      [good.url, true],
    ]);
  });

  it('sends nothing when no feed changed', async () => {
    const hub = await hubStub(status(204));
    expect(await pingHubs([hub.url], [], fast)).toEqual([]);
    expect(hub.pings).toHaveLength(0);
  });
});
