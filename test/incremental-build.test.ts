import { cp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
    return JSON.parse(run.stdout) as { recordsRead: number; rendered: number; written: string[] };
  };
  return { dir, buildJson };
}

describe('incremental builds', () => {
  it('a no-op build reads no record, renders nothing and writes nothing, state included', async () => {
    const { dir, buildJson } = await aSite();
    const first = await buildJson();
    expect(first.recordsRead).toBe(17);
    const state = path.join(dir, '.syndicate');
    const before = await Promise.all(
      ['manifest.json', 'records.json'].map(async (f) => (await stat(path.join(state, f))).mtimeMs),
    );
    const second = await buildJson();
    expect(second).toMatchObject({ recordsRead: 0, rendered: 0, written: [] });
    const after = await Promise.all(
      ['manifest.json', 'records.json'].map(async (f) => (await stat(path.join(state, f))).mtimeMs),
    );
    expect(after).toEqual(before);
  });

  it('an edited record is the only one read, and only the files it appears in are rewritten', async () => {
    const { dir, buildJson } = await aSite();
    await buildJson();
    const file = path.join(dir, 'content/world/sarrow-border-talks.json');
    const record = JSON.parse(await readFile(file, 'utf8'));
    record.summary = `${record.summary} Talks resume on Monday.`;
    await writeFile(file, JSON.stringify(record));
    const next = await buildJson();
    expect(next.recordsRead).toBe(1);
    expect(next.written.sort()).toEqual([
      'atom.xml',
      'feed.json',
      'newsml/sarrow-border-talks.xml',
      'rss.xml',
    ]);
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
    await writeFile(path.join(dir, '.syndicate/records.json'), '{ not json');
    await rm(path.join(dir, '.syndicate/manifest.json'));
    expect(await buildJson()).toMatchObject({ recordsRead: 17, rendered: 19, written: [] });
  });
});
