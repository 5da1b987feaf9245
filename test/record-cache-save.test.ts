import { cp, mkdir, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { parseConfig } from '../src/config/load-config.js';
import { REPO } from './run-cli.js';
import { tempDir } from './temp-dir.js';

// The record cache is saved while the feeds are published, so its failure must neither go
// unhandled meanwhile nor stop the feeds: it fails the build once publishing is done.

describe('saving the record cache beside publishing', () => {
  it('fails the build after publishing when the cache cannot be written, with nothing unhandled', async () => {
    const dir = await realpath(await tempDir());
    await cp(path.join(REPO, 'content'), path.join(dir, 'content'), { recursive: true });
    const raw = JSON.parse(await readFile(path.join(REPO, 'syndicate.config.json'), 'utf8'));
    const config = parseConfig(
      { ...raw, paths: { content: 'content', out: 'out', state: 'state' } },
      'test config',
    );
    // A file where the cache's folder should be.
    await mkdir(path.join(dir, 'state'), { recursive: true });
    await writeFile(path.join(dir, 'state', 'records'), 'not a folder');
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(
        build({ config, baseDir: dir, now: Date.parse('2026-11-26T00:00:00Z'), enrich: false }),
      ).rejects.toThrow(/records/);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    // The feeds were published all the same.
    expect(await readdir(path.join(dir, 'out'))).toEqual(
      expect.arrayContaining(['rss.xml', 'atom.xml', 'feed.json']),
    );
  });
});
