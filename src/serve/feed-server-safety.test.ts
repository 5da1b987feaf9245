import { mkdir, rm, symlink } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../test/temp-dir.js';
import { writeAtomic } from '../publish/write-atomic.js';
import type { FeedServerOptions } from './feed-server.js';
import { type RunningFeedServer, startFeedServer } from './start-feed-server.js';

const SECRET = 'TOP SECRET';
const running: RunningFeedServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** feeds/ beside secrets, with hidden files and symlinks inside it. */
async function serveFeeds(opts: Partial<FeedServerOptions> = {}) {
  const base = await tempDir('syndicate-serve-safety-');
  const feeds = path.join(base, 'feeds');
  await writeTree(base, {
    'secret.txt': SECRET,
    'outside/secret.xml': SECRET,
    'feeds/rss.xml': '<rss/>',
    'feeds/newsml/a.xml': '<newsMessage/>',
    'feeds/.rss.xml.abc123.tmp': SECRET,
    'feeds/newsml/.a.xml.1f2e.tmp': SECRET,
    'feeds/.syndicate/manifest.json': SECRET,
  });
  await symlink('../secret.txt', path.join(feeds, 'leak.xml'));
  await symlink('/etc/passwd', path.join(feeds, 'passwd.xml'));
  await symlink('../outside', path.join(feeds, 'out'));
  await symlink('.syndicate/manifest.json', path.join(feeds, 'hidden.json'));
  await symlink('rss.xml', path.join(feeds, 'alias.xml'));
  const server = await startFeedServer({
    dir: feeds,
    port: 0,
    host: '127.0.0.1',
    maxAgeSeconds: 60,
    ...opts,
  });
  running.push(server);
  return { feeds, server, port: Number(new URL(server.url).port) };
}

/** A literal request line on a socket: fetch and http.request would normalise `..` and `%2e`. */
function rawRequest(port: number, target: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
    );
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('end', () => resolve({ status: Number(text.split(' ')[1]), text }));
    socket.on('error', reject);
  });
}

describe('what the feed server refuses to expose', () => {
  it.each([
    '/../secret.txt',
    '/../../../../../etc/passwd',
    '/newsml/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/%252e%252e/secret.txt',
    '/..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/rss.xml%00',
    '/%00/../secret.txt',
    '//etc/passwd',
    'http://127.0.0.1/../secret.txt',
    '/.rss.xml.abc123.tmp',
    '/newsml/.a.xml.1f2e.tmp',
    '/.syndicate/manifest.json',
    '/%2esyndicate/manifest.json',
    '/leak.xml',
    '/passwd.xml',
    '/out/secret.xml',
    '/hidden.json',
    '/newsml',
    '/newsml/',
  ])('answers 404 to GET %s', async (target) => {
    const { port } = await serveFeeds();
    const res = await rawRequest(port, target);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toContain('root:');
  });

  it('leaves a raw NUL in the request line to the HTTP parser, which answers 400', async () => {
    const { port } = await serveFeeds();
    const res = await rawRequest(port, '/rss.xml\u0000/../../secret.txt');
    expect(res.status).toBe(400);
  });

  it('follows a symlink that stays inside the folder', async () => {
    const { server } = await serveFeeds();
    const res = await fetch(`${server.url}alias.xml`);
    expect([res.status, await res.text()]).toEqual([200, '<rss/>']);
  });
});

/** Polls with keep-alive from several sockets, decoding each body as the client would. */
function poll(url: string, until: () => boolean) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const seen: { startedAt: number; body: string }[] = [];
  const codings = ['identity', 'gzip', 'br'];
  const one = (coding: string) =>
    new Promise<void>((resolve, reject) => {
      const startedAt = Date.now();
      http
        .get(url, { agent, headers: { 'accept-encoding': coding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const enc = res.headers['content-encoding'];
            const body = enc === 'gzip' ? gunzipSync(raw) : enc === 'br' ? brotliDecompressSync(raw) : raw;
            seen.push({ startedAt, body: body.toString() });
            resolve();
          });
        })
        .on('error', reject);
    });
  const loops = [0, 1, 2, 3].map(async (i) => {
    for (let n = i; !until(); n++) await one(codings[n % codings.length] as string);
  });
  return Promise.all(loops).then(() => {
    agent.destroy();
    return seen;
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the feed server during a publish', () => {
  it('never mixes two versions of a file replaced by rename, and serves the new one within seconds', async () => {
    const { feeds, server } = await serveFeeds();
    const file = path.join(feeds, 'rss.xml');
    // Different sizes and bytes, so any mix of two versions is detectable.
    const versions = ['a'.repeat(400_000), `${'b'.repeat(300_000)}end`, `${'c'.repeat(500_000)}end`];
    await writeAtomic(file, versions[0] as string);
    let done = false;
    const polling = poll(`${server.url}rss.xml`, () => done);
    const publishedAt: number[] = [0];
    for (const v of versions.slice(1)) {
      await sleep(300);
      await writeAtomic(file, v);
      publishedAt.push(Date.now());
      await sleep(2300);
    }
    done = true;
    const seen = await polling;
    expect(seen.length).toBeGreaterThan(30);
    for (const { startedAt, body } of seen) {
      const index = versions.indexOf(body);
      expect(index, `a body of ${body.length} bytes that is no published version`).toBeGreaterThanOrEqual(0);
      // Asked well after publish k (and before k+1): must be version k. The server re-checks
      // every 250 ms; the margin is for a loaded CI machine, not for the server.
      const current = publishedAt.findLastIndex((t) => t > 0 && startedAt >= t + 2000);
      if (current > 0 && startedAt < (publishedAt[current + 1] ?? Number.POSITIVE_INFINITY))
        expect(index).toBe(current);
    }
    expect(new Set(seen.map((s) => versions.indexOf(s.body)))).toEqual(new Set([0, 1, 2]));
  });

  it('serves a publish at once after invalidate(), however long the revalidation period', async () => {
    const { feeds, server } = await serveFeeds({ revalidateMs: 60_000 });
    expect(await (await fetch(`${server.url}rss.xml`)).text()).toBe('<rss/>');
    await writeAtomic(path.join(feeds, 'rss.xml'), '<rss version="2.0"/>');
    server.invalidate();
    expect(await (await fetch(`${server.url}rss.xml`)).text()).toBe('<rss version="2.0"/>');
  });

  it('answers 404 within seconds once a file is removed', async () => {
    const { feeds, server } = await serveFeeds();
    expect((await fetch(`${server.url}newsml/a.xml`)).status).toBe(200);
    await rm(path.join(feeds, 'newsml/a.xml'));
    const removedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - removedAt < 4000) {
      status = (await fetch(`${server.url}newsml/a.xml`)).status;
      if (status === 200) await sleep(20);
    }
    expect(status).toBe(404);
    expect(Date.now() - removedAt).toBeLessThan(2000);
  });

  it('still serves a file larger than the memory budget, read for each request and not compressed', async () => {
    const { feeds, server } = await serveFeeds({ maxCacheBytes: 4000 });
    await mkdir(path.join(feeds, 'big'));
    await writeAtomic(path.join(feeds, 'big/rss.xml'), 'x'.repeat(10_000));
    const res = await fetch(`${server.url}big/rss.xml`, { headers: { 'accept-encoding': 'gzip' } });
    expect([res.status, res.headers.get('content-encoding'), (await res.text()).length]).toEqual([
      200,
      null,
      10_000,
    ]);
  });
});
