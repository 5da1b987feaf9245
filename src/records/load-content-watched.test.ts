import { mkdir, realpath, rename, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../test/temp-dir.js';
import { formatDiagnostic } from './article.js';
import { type LoadOptions, loadContent, type RecordCache } from './load-content.js';

// A watched build is told which folders changed and takes every other folder as it was, without
// listing it or looking at its files. These cases pin down what it still looks at.

let version = 1;
const record = (id: string, headline: string) =>
  JSON.stringify({
    id,
    headline,
    version: version++,
    url: `/world/${id}`,
    published: '2026-10-02T08:00:00Z',
    section: 'world',
    body: '<p>Text.</p>',
  });

let past = Date.parse('2026-10-01T00:00:00Z');

/** Writes files dated in the past, as records settled long before a build are. */
async function writeOld(dir: string, files: Record<string, string>): Promise<void> {
  await writeTree(dir, files);
  past += 60_000;
  const when = new Date(past);
  for (const name of Object.keys(files)) await utimes(path.join(dir, name), when, when);
}

async function site(files: Record<string, string>) {
  const dir = await realpath(await tempDir());
  await writeOld(dir, files);
  const opts = (cache?: RecordCache, changed?: string[]): LoadOptions => ({
    baseUrl: 'https://meridianherald.example/',
    language: 'en',
    maxFileBytes: 4096,
    maxBodyBytes: 1024,
    displayRoot: dir,
    ...(cache ? { cache } : {}),
    ...(changed ? { changedFolders: new Set(changed.map((f) => path.join(dir, f))) } : {}),
  });
  let cache: RecordCache | undefined;
  /** A build handing the next its cache in memory, told `changed` folders (all, when absent). */
  const load = async (changed?: string[]) => {
    const r = await loadContent(dir, opts(cache, changed));
    cache = r.cache;
    return {
      headlines: Object.fromEntries(r.articles.map((a) => [a.id, a.headline])),
      lines: r.diagnostics.map(formatDiagnostic),
      read: r.read,
    };
  };
  return { dir, load };
}

describe('loadContent told which folders changed', () => {
  it('looks only at the folders it is told of, and at every folder when told nothing', async () => {
    const s = await site({ 'world/a.json': record('a', 'A1'), 'sport/b.json': record('b', 'B1') });
    expect((await s.load()).headlines).toEqual({ a: 'A1', b: 'B1' });
    await writeOld(s.dir, { 'world/a.json': record('a', 'A2'), 'sport/b.json': record('b', 'B2') });
    // Nothing reported in sport/: its record is not even looked at.
    expect(await s.load(['world'])).toMatchObject({ headlines: { a: 'A2', b: 'B1' }, read: 1 });
    expect(await s.load(['sport'])).toMatchObject({ headlines: { a: 'A2', b: 'B2' }, read: 1 });
    await writeOld(s.dir, { 'sport/b.json': record('b', 'B3') });
    expect(await s.load()).toMatchObject({ headlines: { a: 'A2', b: 'B3' }, read: 1 });
  });

  it('lists everything under a folder that changed, however deep', async () => {
    const s = await site({ 'world/a.json': record('a', 'A1'), 'sport/b.json': record('b', 'B1') });
    await s.load();
    // A new folder is heard of in its parent only.
    await writeOld(s.dir, { 'arts/film/c.json': record('c', 'C1') });
    expect((await s.load([])).headlines).toEqual({ a: 'A1', b: 'B1' });
    expect((await s.load(['.'])).headlines).toEqual({ a: 'A1', b: 'B1', c: 'C1' });
    // sport/ removed and made again: only its parent hears of it.
    await rm(path.join(s.dir, 'sport'), { recursive: true });
    await mkdir(path.join(s.dir, 'sport'));
    await writeOld(s.dir, { 'sport/d.json': record('d', 'D1') });
    const remade = await s.load(['.']);
    expect(remade.headlines).toEqual({ a: 'A1', b: 'B1', c: 'C1', d: 'D1' });
    expect(remade.lines).toEqual([expect.stringMatching(/^sport\/b\.json: record file is gone/)]);
    // A record moved between folders, both reported.
    await rename(path.join(s.dir, 'sport/d.json'), path.join(s.dir, 'world/d.json'));
    const moved = await s.load(['sport', 'world']);
    expect(moved.headlines).toEqual({ a: 'A1', b: 'B1', c: 'C1', d: 'D1' });
    expect(moved.lines).toEqual([expect.stringMatching(/^sport\/b\.json: record file is gone/)]);
  });

  it('looks again at a record too fresh to trust, and at one it refused, though nothing was reported', async () => {
    const s = await site({ 'world/a.json': record('a', 'A1') });
    await writeFile(path.join(s.dir, 'world/big.json'), record('big', 'x'.repeat(5000)));
    await s.load();
    // Written within the file system's timestamp tick of the last read: checked by its bytes.
    await writeTree(s.dir, { 'world/a.json': record('a', 'A2') });
    expect((await s.load()).headlines).toEqual({ a: 'A2' });
    await writeTree(s.dir, { 'world/a.json': record('a', 'A3') });
    const second = await s.load([]);
    expect(second.headlines).toEqual({ a: 'A3' });
    expect(second.lines).toEqual([expect.stringMatching(/^world\/big\.json: file is .* over the .* limit/)]);
  });
});
