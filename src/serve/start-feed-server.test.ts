import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../test/temp-dir.js';
import { SyndicateError } from '../syndicate-error.js';
import { type RunningFeedServer, startFeedServer } from './start-feed-server.js';

const running: RunningFeedServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(opts: { health?: () => never; port?: number } = {}) {
  const dir = await tempDir('syndicate-serve-start-');
  await writeTree(dir, { 'rss.xml': '<rss/>' });
  const server = await startFeedServer({ dir, host: '127.0.0.1', maxAgeSeconds: 60, port: 0, ...opts });
  running.push(server);
  return server;
}

describe('startFeedServer', () => {
  it('refuses a folder that does not exist, a bad max-age and a port in use, as SyndicateErrors', async () => {
    const dir = await tempDir('syndicate-serve-start-');
    const base = { host: '127.0.0.1', port: 0, maxAgeSeconds: 60 };
    await expect(startFeedServer({ ...base, dir: path.join(dir, 'missing') })).rejects.toThrow(
      /missing: cannot serve a folder that does not exist/,
    );
    await expect(startFeedServer({ ...base, dir, maxAgeSeconds: Number.NaN })).rejects.toBeInstanceOf(
      SyndicateError,
    );
    const first = await start();
    const port = Number(new URL(first.url).port);
    await expect(startFeedServer({ ...base, dir, port })).rejects.toThrow(
      `cannot listen on 127.0.0.1:${port}: listen EADDRINUSE`,
    );
  });

  it('answers 500 when the health callback throws, and keeps serving', async () => {
    const errors: unknown[] = [];
    const dir = await tempDir('syndicate-serve-start-');
    await writeTree(dir, { 'rss.xml': '<rss/>' });
    const server = await startFeedServer({
      dir,
      host: '127.0.0.1',
      port: 0,
      maxAgeSeconds: 60,
      health: () => {
        throw new Error('no status yet');
      },
      onError: (err) => errors.push(err),
    });
    running.push(server);
    expect((await fetch(`${server.url}healthz`)).status).toBe(500);
    expect((await fetch(`${server.url}rss.xml`)).status).toBe(200);
    expect(errors).toEqual([new Error('no status yet')]);
  });

  it('closes promptly although a client holds an idle keep-alive connection', async () => {
    const server = await start();
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve) =>
      http.get(`${server.url}rss.xml`, { agent }, (res) => res.resume().on('end', resolve)),
    );
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    running.splice(running.indexOf(server), 1);
    agent.destroy();
  });
});
