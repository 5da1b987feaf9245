import { cp, mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { slugOf } from '../src/select/slug.js';
import { REPO, runCli } from './run-cli.js';
import { tempDir } from './temp-dir.js';

const NOW = '2026-11-26T00:00:00Z';

/** A site of its own: copied records, its own output and state folders. */
async function aSite() {
  const dir = await tempDir();
  await cp(path.join(REPO, 'content'), path.join(dir, 'content'), { recursive: true });
  // Files as a newsroom has them: written a while ago. A file modified within the last
  // moments is re-read on purpose (its mtime could hide a second edit in the same tick).
  const hourAgo = new Date(Date.now() - 3_600_000);
  const files = await readdir(path.join(dir, 'content'), { recursive: true });
  await Promise.all(files.map((f) => utimes(path.join(dir, 'content', f), hourAgo, hourAgo)));
  const config = JSON.parse(await readFile(path.join(REPO, 'syndicate.config.json'), 'utf8'));
  delete config.$schema;
  await writeFile(path.join(dir, 'syndicate.config.json'), JSON.stringify(config));
  const buildJson = async () => {
    const run = await runCli(['build', '--now', NOW, '--json'], dir);
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as {
      recordsRead: number;
      rendered: number;
      written: string[];
      unchanged: number;
    };
  };
  return { dir, buildJson };
}

/** Every file of the state folder with its mtime. */
async function mtimes(dir: string): Promise<Record<string, number>> {
  const files = (await readdir(dir, { recursive: true })).sort();
  const out: Record<string, number> = {};
  for (const f of files) out[f] = (await stat(path.join(dir, f))).mtimeMs;
  return out;
}

describe('incremental builds', () => {
  it('a no-op build reads no record, renders nothing and writes nothing, state included', async () => {
    const { dir, buildJson } = await aSite();
    const first = await buildJson();
    expect(first.recordsRead).toBe(17);
    const state = path.join(dir, '.syndicate');
    const before = await mtimes(state);
    const second = await buildJson();
    expect(second).toMatchObject({ recordsRead: 0, rendered: 0, written: [] });
    const after = await mtimes(state);
    expect(after).toEqual(before);
  });

  it('an edited record is the only one read, and only the files it appears in are rewritten', async () => {
    const { dir, buildJson } = await aSite();
    await buildJson();
    const file = path.join(dir, 'content/world/sarrow-border-talks.json');
    const record = JSON.parse(await readFile(file, 'utf8'));
    record.summary = `${record.summary} Talks resume on Monday.`;
    // An update is a new version (records.md; an unchanged one would add a warning to
    // status.json), which the wire index lists too.
    record.version = (record.version ?? 1) + 1;
    await writeFile(file, JSON.stringify(record));
    const before = await mtimes(path.join(dir, '.syndicate/records'));
    const next = await buildJson();
    expect(next.recordsRead).toBe(1);
    const after = await mtimes(path.join(dir, '.syndicate/records'));
    // One story's cache entry lives in one shard: only that shard is rewritten.
    expect(Object.keys(after).filter((f) => after[f] !== before[f])).toHaveLength(1);
    // The story's own feeds: main, its section, each of its tags and authors; nothing else.
    const folders = [
      '',
      'sections/world/',
      ...record.tags.map(
        (t: string | { name: string }) => `tags/${slugOf(typeof t === 'string' ? t : t.name)}/`,
      ),
      ...(record.authors ?? []).map((a: { name: string }) => `authors/${slugOf(a.name)}/`),
      // The sample's custom feed carries staff stories: those without an agency `source`.
      ...(record.source === undefined ? ['custom/staff/'] : []),
    ];
    expect(folders.length).toBeGreaterThan(4);
    const feeds = folders.flatMap((d) => ['rss.xml', 'atom.xml', 'feed.json'].map((f) => d + f));
    // A new version changes the wire message and the wire index too.
    expect(next.written.sort()).toEqual(
      [...feeds, 'newsml-index.xml', 'newsml/sarrow-border-talks.xml'].sort(),
    );
  });

  it('a record touched but unchanged rewrites nothing', async () => {
    const { dir, buildJson } = await aSite();
    await buildJson();
    const file = path.join(dir, 'content/world/sarrow-border-talks.json');
    await writeFile(file, await readFile(file));
    const next = await buildJson();
    expect(next).toMatchObject({ recordsRead: 1, rendered: 0, written: [] });
  });

  it('a published file deleted by hand is written again', async () => {
    const { dir, buildJson } = await aSite();
    await buildJson();
    await rm(path.join(dir, 'feeds/newsml/tidal-array-pilot.xml'));
    expect((await buildJson()).written).toEqual(['newsml/tidal-array-pilot.xml']);
  });

  it('a state folder that is lost or corrupt only costs a full build', async () => {
    const { dir, buildJson } = await aSite();
    await buildJson();
    const shards = await readdir(path.join(dir, '.syndicate/records'));
    expect(shards.length).toBeGreaterThan(1);
    for (const f of shards) await writeFile(path.join(dir, '.syndicate/records', f), '{ not json');
    await rm(path.join(dir, '.syndicate/manifest.json'));
    const rebuilt = await buildJson();
    expect(rebuilt).toMatchObject({ recordsRead: 17, written: [] });
    // Every file rendered again and found identical (status.json too), so none is rewritten.
    expect(rebuilt.unchanged).toBe(rebuilt.rendered + 1);
  });

  it('a record cache of an earlier layout is read again from the records and then removed', async () => {
    const { dir, buildJson } = await aSite();
    const records = path.join(dir, '.syndicate/records');
    await mkdir(records, { recursive: true });
    await writeFile(path.join(records, '07.json'), JSON.stringify({ optionsKey: 'old', files: [] }));
    expect((await buildJson()).recordsRead).toBe(17);
    const shards = await readdir(records);
    expect(shards).not.toContain('07.json');
    expect(shards.every((f) => /^\d{3}\.json$/.test(f))).toBe(true);
    expect((await buildJson()).recordsRead).toBe(0);
  });
});
