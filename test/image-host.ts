import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type TestServer } from './http-server.js';

// An image host on 127.0.0.1 with well-behaved and hostile routes, for the enrichment tests
// and bench/enrich.bench.ts. Fixtures are real files made with ImageMagick and libavif.

const DIR = path.resolve(fileURLToPath(import.meta.url), '../fixtures/images');

export const FIXTURES = {
  'photo.jpg': { type: 'image/jpeg', width: 640, height: 427 },
  'small.jpg': { type: 'image/jpeg', width: 200, height: 150 },
  'chart.png': { type: 'image/png', width: 800, height: 450 },
  'badge.gif': { type: 'image/gif', width: 120, height: 80 },
  'lamp.webp': { type: 'image/webp', width: 900, height: 1200 },
  'dusk.avif': { type: 'image/avif', width: 320, height: 240 },
} as const;

export type FixtureName = keyof typeof FIXTURES;

export function fixture(name: FixtureName): Buffer {
  return readFileSync(path.join(DIR, name));
}

const LAST_MODIFIED = 'Tue, 01 Sep 2026 08:00:00 GMT';
const etagOf = (bytes: Buffer) => `"${createHash('sha1').update(bytes).digest('hex').slice(0, 16)}"`;

/** Serves a file as a good host does: Range (one range), ETag, Last-Modified, 304. */
function serveFile(req: IncomingMessage, res: ServerResponse, bytes: Buffer, opts: { range: boolean }): void {
  const etag = etagOf(bytes);
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag, 'last-modified': LAST_MODIFIED }).end();
    return;
  }
  const base = { etag, 'last-modified': LAST_MODIFIED, 'content-type': 'application/octet-stream' };
  const m = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
  if (opts.range && m !== null) {
    const start = Number(m[1]);
    const end = Math.min(m[2] ? Number(m[2]) : bytes.length - 1, bytes.length - 1);
    const part = bytes.subarray(start, end + 1);
    res.writeHead(206, {
      ...base,
      'accept-ranges': 'bytes',
      'content-range': `bytes ${start}-${end}/${bytes.length}`,
      'content-length': part.length,
    });
    res.end(part);
    return;
  }
  res.writeHead(200, { ...base, 'content-length': bytes.length }).end(bytes);
}

/** `count` bytes: a PNG signature and header (so a size can be read), then zeros, never all in memory. */
function streamHuge(res: ServerResponse, host: TestServer, count: number, withLength: boolean): void {
  const head = fixture('chart.png').subarray(0, 33);
  res.writeHead(200, { 'content-type': 'image/png', ...(withLength ? { 'content-length': count } : {}) });
  const zeros = Buffer.alloc(64 * 1024);
  let sent = 0;
  const pump = () => {
    while (sent < count && !res.destroyed) {
      const chunk = sent === 0 ? head : zeros.subarray(0, Math.min(zeros.length, count - sent));
      sent += chunk.length;
      host.bytesSent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (sent >= count) res.end();
  };
  pump();
}

/** Sends `bytes` one byte a second. */
function trickle(res: ServerResponse, bytes: Buffer): void {
  res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length });
  res.flushHeaders(); // headers now, so that only the body is slow
  let i = 0;
  const timer = setInterval(() => {
    if (res.destroyed || i >= bytes.length) return void clearInterval(timer);
    res.write(bytes.subarray(i, ++i));
  }, 1000);
  res.on('close', () => clearInterval(timer));
}

export interface ImageHost extends TestServer {
  url(route: string): string;
}

/**
 * Routes: /img/<file> (Range, ETag), /plain/<file> (no Range), /chunked/<file> (no length),
 * /flaky/<key>/<file> (500 once per key, then the file), /hang, /trickle, /loop/<n>, /slow-loop/<n>
 * (each hop answers after 800 ms),
 * /redirect?to=<url>, /lying-type, /lying-length, /huge, /huge-chunked, /page.html, /gone.
 */
export async function startImageHost(host = '127.0.0.1'): Promise<ImageHost> {
  const flaky = new Set<string>();
  const server: TestServer = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const [, route = '', a = '', b = ''] = url.pathname.split('/');
    const file = (name: string) => fixture(name as FixtureName);
    if (route === 'img') return serveFile(req, res, file(a), { range: true });
    if (route === 'plain') return serveFile(req, res, file(a), { range: false });
    if (route === 'chunked') return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(file(a));
    if (route === 'flaky') {
      if (!flaky.has(a)) {
        flaky.add(a);
        return void res.writeHead(500, { 'content-type': 'text/plain' }).end('try again');
      }
      return serveFile(req, res, file(b), { range: true });
    }
    if (route === 'hang') return; // accepts, reads the request, never answers
    if (route === 'trickle') return trickle(res, fixture('photo.jpg'));
    if (route === 'loop') return void res.writeHead(302, { location: `/loop/${Number(a) + 1}` }).end();
    if (route === 'slow-loop') {
      const timer = setTimeout(
        () => res.writeHead(302, { location: `/slow-loop/${Number(a) + 1}` }).end(),
        800,
      );
      return void res.on('close', () => clearTimeout(timer));
    }
    if (route === 'redirect')
      return void res
        .writeHead(302, { location: url.searchParams.get('to') ?? '/', connection: 'close' })
        .end();
    if (route === 'lying-type')
      return void res.writeHead(200, { 'content-type': 'image/png' }).end(file('photo.jpg'));
    if (route === 'lying-length') {
      const bytes = fixture('badge.gif');
      res.writeHead(200, { 'content-type': 'image/gif', 'content-length': bytes.length * 50 });
      return void res.write(bytes, () => res.socket?.destroy());
    }
    if (route === 'huge') return streamHuge(res, server, 2 ** 31, true);
    if (route === 'huge-chunked') return streamHuge(res, server, 2 ** 31, false);
    if (route === 'page.html')
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html><head><title>Not found</title></head><body>${'x'.repeat(2000)}</body></html>`,
        );
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }, host);
  return Object.assign(server, { url: (route: string) => `${server.origin}${route}` });
}
