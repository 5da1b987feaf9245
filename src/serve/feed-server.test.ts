import { createHash } from 'node:crypto';
import { utimes } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../test/temp-dir.js';
import type { FeedServerOptions } from './feed-server.js';
import { type RunningFeedServer, startFeedServer } from './start-feed-server.js';

const running: RunningFeedServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** Compressible feed-like text, big enough that gzip and brotli both shrink it. */
const rssText = (marker = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Ünïcode ${marker}</title>${'<item><title>Story</title></item>'.repeat(200)}</channel></rss>\n`;

async function serve(files: Record<string, string>, opts: Partial<FeedServerOptions> = {}) {
  const dir = await tempDir('syndicate-serve-');
  await writeTree(dir, files);
  const server = await startFeedServer({ dir, port: 0, host: '127.0.0.1', maxAgeSeconds: 60, ...opts });
  running.push(server);
  return { dir, server };
}

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** http.request, not fetch: fetch would add Accept-Encoding and decompress by itself. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

describe('the feed server', () => {
  it('answers each published format with its media type and charset=utf-8', async () => {
    const { server } = await serve({
      'rss.xml': rssText(),
      'atom.xml': '<feed/>',
      'feed.json': '{}',
      'status.json': '{}',
      'index.html': '<!doctype html>',
      'newsml-index.xml': '<feed/>',
      'newsml/harbour-vote.xml': '<newsMessage/>',
      'sections/world/rss.xml': '<rss/>',
    });
    const expected: Record<string, string> = {
      'rss.xml': 'application/rss+xml; charset=utf-8',
      'atom.xml': 'application/atom+xml; charset=utf-8',
      'feed.json': 'application/feed+json; charset=utf-8',
      'status.json': 'application/json; charset=utf-8',
      '': 'text/html; charset=utf-8',
      'newsml-index.xml': 'application/atom+xml; charset=utf-8',
      'newsml/harbour-vote.xml': 'application/vnd.iptc.g2.newsmessage+xml; charset=utf-8',
      'sections/world/rss.xml': 'application/rss+xml; charset=utf-8',
    };
    for (const [file, type] of Object.entries(expected)) {
      const res = await get(server.url + file);
      expect([file, res.status, res.headers['content-type']]).toEqual([file, 200, type]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('sends a strong ETag from the SHA-256 of the bytes, Last-Modified from the mtime, and the max-age', async () => {
    const { dir, server } = await serve({ 'rss.xml': rssText() }, { maxAgeSeconds: 300 });
    await utimes(
      path.join(dir, 'rss.xml'),
      new Date('2026-11-26T06:20:00.750Z'),
      new Date('2026-11-26T06:20:00.750Z'),
    );
    const res = await get(`${server.url}rss.xml`);
    expect(res.headers.etag).toBe(`"${sha256(rssText())}"`);
    expect(res.headers['last-modified']).toBe('Thu, 26 Nov 2026 06:20:00 GMT');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(rssText())));
    expect(res.body.toString()).toBe(rssText());
  });

  it('answers 304 to a matching If-None-Match, which wins over If-Modified-Since', async () => {
    const { server } = await serve({ 'rss.xml': rssText() });
    const url = `${server.url}rss.xml`;
    const etag = String((await get(url)).headers.etag);
    for (const match of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await get(url, { 'if-none-match': match });
      expect([match, res.status, res.body.length]).toEqual([match, 304, 0]);
      expect(res.headers.etag).toBe(etag);
      expect(res.headers['cache-control']).toBe('public, max-age=60');
      expect(res.headers.vary).toBe('Accept-Encoding');
    }
    const future = new Date(Date.now() + 86_400_000).toUTCString();
    const stale = await get(url, { 'if-none-match': '"old"', 'if-modified-since': future });
    expect(stale.status).toBe(200);
  });

  it('answers 304 to If-Modified-Since at or after the publish time, 200 before it', async () => {
    const { dir, server } = await serve({ 'rss.xml': rssText() });
    const when = new Date('2026-11-26T06:20:00Z');
    await utimes(path.join(dir, 'rss.xml'), when, when);
    const url = `${server.url}rss.xml`;
    expect((await get(url, { 'if-modified-since': when.toUTCString() })).status).toBe(304);
    expect((await get(url, { 'if-modified-since': 'Thu, 26 Nov 2026 07:00:00 GMT' })).status).toBe(304);
    expect((await get(url, { 'if-modified-since': 'Thu, 26 Nov 2026 06:19:59 GMT' })).status).toBe(200);
    expect((await get(url, { 'if-modified-since': 'not a date' })).status).toBe(200);
  });

  it('compresses with brotli and gzip by Accept-Encoding, with Vary and an ETag per coding', async () => {
    const { server } = await serve({ 'rss.xml': rssText() });
    const url = `${server.url}rss.xml`;
    const plain = await get(url);
    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
    const gz = await get(url, { 'accept-encoding': 'gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(rssText());
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(rssText());
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (const res of [plain, br, gz]) expect(res.headers.vary).toBe('Accept-Encoding');
    expect(br.headers['content-length']).toBe(String(br.body.length));
    const hash = sha256(rssText());
    expect([plain.headers.etag, gz.headers.etag, br.headers.etag]).toEqual([
      `"${hash}"`,
      `"${hash}-gz"`,
      `"${hash}-br"`,
    ]);
    const again = await get(url, { 'accept-encoding': 'gzip', 'if-none-match': String(gz.headers.etag) });
    expect(again.status).toBe(304);
    const refused = await get(url, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect([refused.headers['content-encoding'], refused.body.toString()]).toEqual([undefined, rssText()]);
    expect((await get(url, { 'accept-encoding': 'br;q=0, gzip;q=0.5' })).headers['content-encoding']).toBe(
      'gzip',
    );
  });

  it('sends a tiny file as is when compression would not make it smaller', async () => {
    const { server } = await serve({ 'status.json': '{}' });
    const res = await get(`${server.url}status.json`, { 'accept-encoding': 'br, gzip' });
    expect([res.headers['content-encoding'], res.body.toString(), res.headers.vary]).toEqual([
      undefined,
      '{}',
      'Accept-Encoding',
    ]);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const { server } = await serve({ 'rss.xml': rssText() });
    for (const encoding of ['identity', 'gzip', 'br']) {
      const headers = { 'accept-encoding': encoding };
      const full = await get(`${server.url}rss.xml`, headers);
      const head = await get(`${server.url}rss.xml`, headers, 'HEAD');
      const { date: _a, ...fullHeaders } = full.headers;
      const { date: _b, ...headHeaders } = head.headers;
      expect(head.status).toBe(200);
      expect(headHeaders).toEqual(fullHeaders);
      expect(head.body.length).toBe(0);
    }
  });

  it('answers 405 with Allow to any other method', async () => {
    const { server } = await serve({ 'rss.xml': rssText() });
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await get(`${server.url}rss.xml`, {}, method);
      expect([method, res.status, res.headers.allow]).toEqual([method, 405, 'GET, HEAD']);
    }
  });

  it('reports the health callback at /healthz, never cached', async () => {
    const report = { ok: false, lastBuild: { at: '2026-11-26T06:20:00Z', ok: false, error: 'disk full' } };
    const { server } = await serve({}, { health: () => report });
    const res = await get(`${server.url}healthz`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body.toString())).toEqual(report);
  });

  it('serves index.html at / when the build published one', async () => {
    const { server } = await serve({
      'index.html': '<!doctype html><title>Ours</title>',
      'rss.xml': rssText(),
    });
    expect((await get(server.url)).body.toString()).toBe('<!doctype html><title>Ours</title>');
  });

  it('lists the feeds present with autodiscovery links when there is no index.html', async () => {
    const { server } = await serve({ 'rss.xml': rssText(), 'feed.json': '{}' });
    const res = await get(server.url);
    expect([res.status, res.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    expect(res.headers.etag).toMatch(/^"[\w-]{43}"$/);
    const links = DomUtils.getElementsByTagName('link', parseDocument(res.body.toString())).map(
      (e) => e.attribs,
    );
    expect(links).toEqual([
      { rel: 'alternate', type: 'application/rss+xml', title: 'RSS 2.0', href: 'rss.xml' },
      { rel: 'alternate', type: 'application/feed+json', title: 'JSON Feed 1.1', href: 'feed.json' },
    ]);
  });
});
