import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';
import { tempDir, writeTree } from './temp-dir.js';

// A build that would drop most of a feed at once leaves that feed as published and says why;
// `--allow-drop` publishes it. Other feeds publish as usual.

const NOW = '2026-11-26T12:00:00Z';

async function aSite(stories: number) {
  const dir = await tempDir();
  const raw = JSON.parse(await readFile(path.join(REPO, 'syndicate.config.json'), 'utf8'));
  const config = {
    ...raw,
    $schema: undefined,
    paths: { content: 'content', out: 'out', state: 'state' },
    feeds: {
      main: { maxItems: 10 },
      tags: { enabled: false },
      authors: { enabled: false },
      guard: { minStories: 10 },
    },
    wire: { enabled: false },
  };
  await writeFile(path.join(dir, 'syndicate.config.json'), JSON.stringify(config));
  const files: Record<string, string> = {};
  for (let i = 0; i < stories; i++) {
    const section = i < 30 ? 'world' : 'sport';
    const at = new Date(Date.parse(NOW) - (stories - i) * 3_600_000).toISOString();
    files[`${section}/story-${i}.json`] = JSON.stringify({
      id: `story-${i}`,
      headline: `Story ${i}`,
      body: `<p>Story ${i}.</p>`,
      url: `https://meridianherald.example/${section}/story-${i}`,
      published: at,
      section,
    });
  }
  await writeTree(path.join(dir, 'content'), files);
  const build = (...extra: string[]) =>
    runCli(
      ['build', '--config', path.join(dir, 'syndicate.config.json'), '--now', NOW, '--json', ...extra],
      dir,
    );
  return { dir, build };
}

describe('the drop guard', () => {
  it('keeps a feed that would lose most of its stories, says why, and publishes it on --allow-drop', async () => {
    const site = await aSite(40);
    expect((await site.build()).code).toBe(0);
    const worldBefore = await readFile(path.join(site.dir, 'out/sections/world/rss.xml'), 'utf8');
    // A broken export: 20 of the 30 world stories come back as drafts, no sport story changes.
    for (let i = 0; i < 20; i++) {
      const file = path.join(site.dir, `content/world/story-${i}.json`);
      await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), status: 'draft' }));
    }
    const guarded = await site.build();
    expect(guarded.code).toBe(1);
    const status = JSON.parse(guarded.stdout);
    // The main feed lost 20 of 40, exactly the share allowed; only the section is held.
    expect(status.failedOutputs.map((f: { path: string }) => f.path)).toEqual(['sections/world/']);
    const world = status.failedOutputs.find((f: { path: string }) => f.path === 'sections/world/');
    expect(world.problems[0]).toMatch(/would drop 20 of its 30 stories \(67%/);
    expect(await readFile(path.join(site.dir, 'out/sections/world/rss.xml'), 'utf8')).toBe(worldBefore);
    // Still refused on the next build, until someone says so.
    expect((await site.build()).code).toBe(1);
    const allowed = await site.build('--allow-drop');
    expect(allowed.code).toBe(0);
    const after = await readFile(path.join(site.dir, 'out/sections/world/rss.xml'), 'utf8');
    expect(after.split('<item>').length - 1).toBe(10);
    expect(after).not.toContain('story-0<');
    expect((await site.build()).code).toBe(0);
  });
});
