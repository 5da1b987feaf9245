import { describe, expect, it } from 'vitest';
import { anArticle, aSite } from '../../test/builders.js';
import { feedsSchema } from '../config/feeds-schema.js';
import { selectFeeds } from '../select/feed-sets.js';
import { type PlannedOutput, planFeedSet } from './plan-outputs.js';
import { renderOrder } from './render-order.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const HOUR = 3_600_000;

function plannedSite() {
  // Two sections and a tag on every third story, some stories published at the same instant.
  const stories = Array.from({ length: 60 }, (_, i) =>
    anArticle({
      id: `s${i}`,
      section: i % 2 === 0 ? 'world' : 'local',
      tags: i % 3 === 0 ? [{ name: 'Transport' }] : [],
      published: NOW - Math.floor(i / 2) * HOUR,
      updated: NOW - Math.floor(i / 2) * HOUR,
    }),
  );
  const { feeds } = selectFeeds(stories, {
    site: aSite(),
    feedsUrl: 'https://meridianherald.example/feeds/',
    now: NOW,
    feeds: feedsSchema.parse({
      main: { maxItems: 10 },
      sections: { maxItems: 10 },
      tags: { maxItems: 5 },
      archive: { pageSize: 10 },
      authors: { enabled: false },
    }),
    slugs: new Map(),
  });
  return feeds.map((feed) => ({
    current: planFeedSet(feed.current, feed.dir),
    archives: feed.archives.flatMap((page) => planFeedSet(page.view, page.dir)),
  }));
}

describe('renderOrder', () => {
  it("puts every feed's archive pages before the current document that links to them", () => {
    const feeds = plannedSite();
    expect(feeds.filter((f) => f.archives.length > 0).length).toBeGreaterThan(2);
    const order = renderOrder(feeds.flatMap((f) => [...f.current, ...f.archives]));
    const place = new Map(order.map((p, i) => [p, i]));
    for (const feed of feeds) {
      const firstCurrent = Math.min(...feed.current.map((p) => place.get(p) ?? -1));
      for (const page of feed.archives) expect(place.get(page)).toBeLessThan(firstCurrent);
    }
  });

  it('orders feed documents by their newest story, oldest first, and keeps the rest as planned after them', () => {
    const feeds = plannedSite();
    const other = (path: string): PlannedOutput => ({ path, kind: 'xml', key: path, render: () => '' });
    const planned = [
      other('newsml-index.xml'),
      ...feeds.flatMap((f) => [...f.current, ...f.archives]),
      other('index.xml'),
    ];
    const order = renderOrder(planned);
    expect(order.slice(-2).map((p) => p.path)).toEqual(['newsml-index.xml', 'index.xml']);
    const newest = order.slice(0, -2).map((p) => p.items?.stories[0]?.published ?? 0);
    expect(newest).toEqual([...newest].sort((x, y) => x - y));
    expect(new Set(order)).toEqual(new Set(planned));
  });
});
