import { cp, readdir, readFile, realpath, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecordCache } from '../src/build/record-cache-file.js';
import { build } from '../src/build.js';
import { parseConfig } from '../src/config/load-config.js';
import { REPO } from './run-cli.js';
import { tempDir } from './temp-dir.js';

// A service that watches its content hands each build the folders that changed; the build then
// looks at nothing else, except on the periodic check, which trusts no watcher.

const NOW = Date.parse('2026-11-26T00:00:00Z');
/** The sample's killed story: once its file is deleted, it is forgotten. */
const killedRecord = 'sport/striker-transfer-agreed.json';

async function aSite() {
  const dir = await realpath(await tempDir());
  await cp(path.join(REPO, 'content'), path.join(dir, 'content'), { recursive: true });
  const hourAgo = new Date(Date.now() - 3_600_000);
  const files = await readdir(path.join(dir, 'content'), { recursive: true });
  await Promise.all(files.map((f) => utimes(path.join(dir, 'content', f), hourAgo, hourAgo)));
  const raw = JSON.parse(await readFile(path.join(REPO, 'syndicate.config.json'), 'utf8'));
  const config = parseConfig(
    { ...raw, paths: { content: 'content', out: 'out', state: 'state' } },
    'test config',
  );
  return { dir, config };
}

/** A new version of a record, dated a minute later than before, as a settled edit is. */
async function edit(file: string): Promise<void> {
  const record = JSON.parse(await readFile(file, 'utf8'));
  record.summary = `${record.summary} Talks resume on Monday.`;
  record.version = (record.version ?? 1) + 1;
  await writeFile(file, JSON.stringify(record));
  const later = new Date(Date.now() - 3_540_000);
  await utimes(file, later, later);
}

describe('a build told which content folders changed', () => {
  it('reads the records of those folders only, and everything on the periodic check', async () => {
    const { dir, config } = await aSite();
    const run = (opts: Partial<Parameters<typeof build>[0]> = {}) =>
      build({ config, baseDir: dir, now: NOW, enrich: false, ...opts });
    const first = await run();
    expect(first.recordsRead).toBe(17);
    const world = path.join(dir, 'content/world');
    await edit(path.join(world, 'sarrow-border-talks.json'));

    const unheard = await run({ state: first.state, changedFolders: new Set() });
    expect(unheard).toMatchObject({ recordsRead: 0, rendered: 0 });
    const heard = await run({ state: unheard.state, changedFolders: new Set([world]) });
    expect(heard.recordsRead).toBe(1);
    expect(heard.publish.written).toContain('sections/world/rss.xml');

    await edit(path.join(world, 'sarrow-border-talks.json'));
    // Five minutes on, the published files and the records are looked at whatever was heard.
    const due = { ...heard.state, verifiedAt: Date.now() - 6 * 60_000 };
    const checked = await run({ state: due, changedFolders: new Set() });
    expect(checked.recordsRead).toBe(1);
    expect(checked.publish.written).toContain('sections/world/rss.xml');
    // And a state read from disk is never vouched for by a watcher of this process.
    await edit(path.join(world, 'sarrow-border-talks.json'));
    const fromDisk = await run({ changedFolders: new Set() });
    expect(fromDisk.recordsRead).toBe(1);
  });

  it('rewrites the record cache for the files that changed, those gone included', async () => {
    const { dir, config } = await aSite();
    const run = (opts: Partial<Parameters<typeof build>[0]> = {}) =>
      build({ config, baseDir: dir, now: NOW, enrich: false, ...opts });
    const first = await run();
    const world = path.join(dir, 'content/world');
    const edited = path.join(world, 'sarrow-border-talks.json');
    await edit(edited);
    const gone = path.join(dir, 'content', killedRecord);
    await rm(gone);
    const next = await run({ state: first.state });
    expect(next.recordsRead).toBe(1);
    const key = next.state.optionsKey;
    const onDisk = await readRecordCache(path.join(dir, 'state'), key);
    expect(onDisk.size).toBe(next.state.records.size);
    expect(onDisk.has(gone)).toBe(false);
    expect(onDisk.get(edited)?.sha256).toBe(next.state.records.get(edited)?.sha256);
    expect(onDisk.get(edited)?.sha256).not.toBe(first.state.records.get(edited)?.sha256);
  });
});
