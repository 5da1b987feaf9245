import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir.js';
import { type CacheEntries, loadImageCache, saveImageCache } from './image-cache.js';

const DAY = 24 * 3_600_000;
const NOW = Date.parse('2026-10-01T08:00:00Z');

describe('the image cache file', () => {
  it('round-trips entries, sorted by URL, and drops those unused for longer than keepMs', async () => {
    const file = path.join(await tempDir(), 'state', 'image-cache.json');
    const entries: CacheEntries = new Map([
      ['https://b.example/2.jpg', { facts: { type: 'image/png', width: 2, height: 3 }, measuredAt: NOW }],
      [
        'https://a.example/1.jpg',
        { facts: { type: 'image/jpeg', length: 10 }, etag: '"x"', measuredAt: NOW - DAY },
      ],
      [
        'https://old.example/0.jpg',
        { failure: { kind: 'timeout', message: 'slow' }, failedAt: NOW - 40 * DAY },
      ],
    ]);
    await saveImageCache(file, entries, NOW, 30 * DAY);
    const loaded = await loadImageCache(file);
    expect(loaded.problem).toBeUndefined();
    expect([...loaded.entries.keys()]).toEqual(['https://a.example/1.jpg', 'https://b.example/2.jpg']);
    expect(loaded.entries.get('https://a.example/1.jpg')).toEqual(entries.get('https://a.example/1.jpg'));
  });

  it('treats a missing file as empty, and a corrupt or foreign one as empty with a reason', async () => {
    const dir = await tempDir();
    expect(await loadImageCache(path.join(dir, 'none.json'))).toEqual({ entries: new Map() });
    await writeFile(path.join(dir, 'bad.json'), '{');
    expect((await loadImageCache(path.join(dir, 'bad.json'))).problem).toBe('not JSON; starting afresh');
    await writeFile(path.join(dir, 'v9.json'), '{"version": 9, "entries": {}}');
    expect((await loadImageCache(path.join(dir, 'v9.json'))).problem).toBe(
      'not a version 1 cache; starting afresh',
    );
  });

  it('drops malformed entries one by one', async () => {
    const file = path.join(await tempDir(), 'c.json');
    const good = { facts: { width: 5, height: 5 }, measuredAt: NOW };
    await writeFile(
      file,
      JSON.stringify({ version: 1, entries: { good, bad: { facts: { width: 'wide' } } } }),
    );
    const loaded = await loadImageCache(file);
    expect([...loaded.entries.keys()]).toEqual(['good']);
    expect(JSON.parse(await readFile(file, 'utf8')).entries.bad).toBeDefined();
  });
});
