import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aFeed, anArticle, aSite } from '../../test/builders.js';
import { tempDir } from '../../test/temp-dir.js';
import { renderAtomString } from '../formats/atom.js';
import type { FeedView } from '../formats/feed-view.js';
import { renderJsonFeedString } from '../formats/jsonfeed.js';
import { renderRssString } from '../formats/rss.js';
import { planFeedSet } from './plan-outputs.js';
import { publishInBatches } from './publish-in-batches.js';

const HOUR = 3_600_000;
/** `count` stories an hour apart, newest first. */
const hourly = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) =>
    anArticle({ id: `${prefix}${i}`, published: Date.UTC(2026, 10, 20) - i * HOUR }),
  );
const stories = hourly('s', 6);

/** Tag feeds t0, t1, …, the one at `i` made by `make`. */
const tagFeeds = (count: number, make: (i: number) => FeedView): [string, FeedView][] =>
  Array.from({ length: count }, (_, i) => [`tags/t${i}/`, make(i)]);

/** Each view's three files hold exactly what its writers render. */
async function expectAsWriters(out: string, views: readonly [string, FeedView][]): Promise<void> {
  for (const [dir, view] of views) {
    const read = (file: string) => readFile(path.join(out, dir, file), 'utf8');
    expect(await read('rss.xml')).toBe(renderRssString(view));
    expect(await read('atom.xml')).toBe(renderAtomString(view));
    expect(await read('feed.json')).toBe(renderJsonFeedString(view));
  }
}

describe('publishInBatches', () => {
  it("writes each document as its writer renders it, sharing items, and reports in the plan's order", async () => {
    const out = await tempDir();
    const site = aSite({ title: `Batches ${Math.random()}` });
    // Newest documents first, as a build plans them: rendering takes them oldest first.
    const views: [string, FeedView][] = [
      ['', aFeed(stories.slice(0, 3), { site })],
      ['archive/1/', aFeed(stories.slice(3), { site, content: 'summary' })],
      ['tags/x/', aFeed(stories.slice(1, 5), { site, content: 'summary', key: 'tags/x' })],
    ];
    const planned = views.flatMap(([dir, view]) => planFeedSet(view, dir));
    const { report, items } = await publishInBatches(out, planned);
    expect(report.written).toEqual(planned.map((p) => p.path));
    // Per format, s3 and s4 are rendered for the archive page and taken by the tag feed.
    expect(items).toMatchObject({ hits: 6, misses: 24 });
    await expectAsWriters(out, views);
  });

  it('keeps each batch in its slab intact until it is written, over many batches', async () => {
    const out = await tempDir();
    const site = aSite({ title: `Slabs ${Math.random()}` });
    const many = hourly('m', 24);
    const views = tagFeeds(12, (i) =>
      aFeed(many.slice(i, i + 8), { site, key: `tags/t${i}`, content: i % 2 ? 'summary' : 'full' }),
    );
    const planned = views.flatMap(([dir, view]) => planFeedSet(view, dir));
    // Batches of a few documents each, in slabs that fit only some of them: slabs change hands
    // a dozen times, and a batch still being written would show the next one's bytes.
    const { report, entries } = await publishInBatches(out, planned, {
      batchBytes: 40_000,
      slabBytes: 60_000,
    });
    expect(report.failed).toEqual([]);
    expect(report.written).toHaveLength(planned.length);
    // Hashed off this thread while the batch is written: each hash is of the bytes on disk.
    for (const p of planned) {
      const bytes = await readFile(path.join(out, p.path));
      expect(entries.get(p.path)).toMatchObject({
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        key: p.key,
      });
    }
    await expectAsWriters(out, views);
  });

  it('publishes the same bytes when items come back from the spill, and leaves no spill file', async () => {
    const out = await tempDir();
    const state = await tempDir();
    const site = aSite({ title: `Spill ${Math.random()}` });
    const many = hourly('p', 30);
    const views = tagFeeds(10, (i) => aFeed(many.slice(i * 2, i * 2 + 12), { site, key: `tags/t${i}` }));
    const planned = views.flatMap(([dir, view]) => planFeedSet(view, dir));
    // Memory for a couple of items: most shared items go through the spill.
    const { report, items } = await publishInBatches(out, planned, { spillDir: state, itemBytes: 4_000 });
    expect(report.failed).toEqual([]);
    expect(items.spilled).toBeGreaterThan(20);
    expect(items.fromSpill).toBeGreaterThan(items.spilled);
    // Each story's item rendered once per format, however many feeds carry it.
    expect(items.misses).toBe(3 * 30);
    await expectAsWriters(out, views);
    expect(await readdir(state)).toEqual([]);
  });
});
