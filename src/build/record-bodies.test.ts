import { readdir, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../test/temp-dir.js';
import type { Article } from '../records/article.js';
import { bodySegmentOf } from '../records/compact-article.js';
import { type LoadOptions, loadContent } from '../records/load-content.js';
import {
  readRecordCache,
  recordBodiesFolder,
  recordOptionsKey,
  writeRecordCache,
} from './record-cache-file.js';

// Long bodies a parsing worker reads go to files of the state folder, and the record cache
// points into them: what a build renders must be exactly what it renders from bodies in memory.

const record = (i: number, edit = '') =>
  JSON.stringify({
    id: `s-${i}`,
    headline: `Story ${i}`,
    url: `/world/s-${i}`,
    published: '2026-10-02T08:00:00Z',
    section: 'world',
    body:
      i % 5 === 0
        ? `<p>Short ${i}.</p>`
        : `<p>“Quay ${i}” — ${edit}${'the harbour board met again on Tuesday. '.repeat(20 + i)}</p>`,
  });

const base = {
  baseUrl: 'https://meridianherald.example/',
  language: 'en',
  maxFileBytes: 1024 * 1024,
  maxBodyBytes: 64 * 1024,
};

async function site(n = 60) {
  const root = await tempDir();
  const content = path.join(root, 'content');
  const state = path.join(root, 'state');
  for (let i = 0; i < n; i++) await writeRecord(content, i);
  const opts: LoadOptions = {
    ...base,
    displayRoot: root,
    optionsKey: recordOptionsKey({ ...base, displayRoot: root }),
  };
  return { content, state, opts, bodies: recordBodiesFolder(state) };
}

/** Written an hour ago: a file this fresh would be hashed again at the next load. */
async function writeRecord(content: string, i: number, edit = '') {
  const file = path.join(content, `s-${i}.json`);
  await writeTree(content, { [`s-${i}.json`]: record(i, edit) });
  const then = new Date(Date.now() - 3600_000);
  await utimes(file, then, then);
}

const byId = (articles: readonly Article[]) =>
  JSON.stringify([...articles].sort((a, b) => (a.id < b.id ? -1 : 1)));

const bodyFiles = async (folder: string) =>
  (await readdir(folder).catch(() => [])).filter((n) => n.endsWith('.body'));

describe('story bodies in files of the state folder', () => {
  it('are what the records say, loaded, saved and read back, and a missing file costs only a re-read', async () => {
    const { content, state, opts, bodies } = await site();
    const inMemory = await loadContent(content, opts);
    const cold = await loadContent(content, { ...opts, parallelFrom: 0, bodyFolder: bodies });
    expect(byId(cold.articles)).toBe(byId(inMemory.articles));
    const files = await bodyFiles(bodies);
    expect(files.length).toBeGreaterThan(0);

    await writeRecordCache(state, opts.optionsKey as string, cold.cache, new Map());
    const saved = await readRecordCache(state, opts.optionsKey as string);
    expect(saved.size).toBe(60);
    const warm = await loadContent(content, { ...opts, cache: saved, bodyFolder: bodies });
    expect(warm.read).toBe(0);
    expect(byId(warm.articles)).toBe(byId(inMemory.articles));

    // One worker's file lost: the records whose bodies it held are read again, the rest are not.
    const lost = files[0] as string;
    const heldThere = [...cold.cache.values()].filter((e) => {
      const segment = e.result.article && bodySegmentOf(e.result.article);
      return segment !== undefined && path.basename(segment.path) === lost;
    }).length;
    expect(heldThere).toBeGreaterThan(0);
    await rm(path.join(bodies, lost));
    const partial = await readRecordCache(state, opts.optionsKey as string);
    expect(partial.size).toBe(60 - heldThere);
    const again = await loadContent(content, { ...opts, cache: partial, bodyFolder: bodies });
    expect(again.read).toBe(60 - partial.size);
    expect(byId(again.articles)).toBe(byId(inMemory.articles));
  });

  it('files no saved story lies in any more are removed once the cache is saved', async () => {
    const { content, state, opts, bodies } = await site();
    const first = await loadContent(content, { ...opts, parallelFrom: 0, bodyFolder: bodies });
    await writeRecordCache(state, opts.optionsKey as string, first.cache, new Map());
    const before = await bodyFiles(bodies);
    // Every story edited: all are read again, into new files.
    for (let i = 0; i < 60; i++) await writeRecord(content, i, 'Updated: ');
    const second = await loadContent(content, {
      ...opts,
      cache: first.cache,
      parallelFrom: 0,
      bodyFolder: bodies,
    });
    expect(second.read).toBe(60);
    await writeRecordCache(state, opts.optionsKey as string, second.cache, first.cache);
    const after = await bodyFiles(bodies);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((f) => before.includes(f))).toEqual([]);
    const saved = await readRecordCache(state, opts.optionsKey as string);
    const warm = await loadContent(content, { ...opts, cache: saved });
    expect(warm.read).toBe(0);
    expect(byId(warm.articles)).toBe(byId(second.articles));
    expect(warm.articles.find((a) => a.id === 's-1')?.bodyHtml).toContain('Updated: ');
  });

  it('where no file can be written, the bodies are kept in memory and the load is the same', async () => {
    const { content, opts } = await site(20);
    const blocked = path.join(path.dirname(content), 'blocked');
    await writeFile(blocked, 'a file where the folder would be');
    const inMemory = await loadContent(content, opts);
    const loaded = await loadContent(content, {
      ...opts,
      parallelFrom: 0,
      bodyFolder: path.join(blocked, 'bodies'),
    });
    expect(loaded.diagnostics).toEqual([]);
    expect(byId(loaded.articles)).toBe(byId(inMemory.articles));
  });
});
