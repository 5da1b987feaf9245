import { describe, expect, it } from 'vitest';
import { anArticle, aSite } from '../../test/builders.js';
import { configSchema } from '../config/config-schema.js';
import type { Article } from '../records/article.js';
import { selectFeeds } from './feed-sets.js';
import { nextChangeAt } from './next-change.js';
import { selectWireStories } from './wire-stories.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const articles: Article[] = [
  anArticle({ id: 'old', published: NOW - 10 * DAY, updated: NOW - 10 * DAY }),
  anArticle({ id: 'future', published: NOW + 5 * HOUR, updated: NOW + 5 * HOUR }),
  anArticle({ id: 'embargoed', status: 'embargoed', embargo: NOW + 3 * HOUR, published: NOW - HOUR }),
  anArticle({ id: 'killed', status: 'killed', published: NOW - 3 * DAY, updated: NOW - 2 * DAY }),
  anArticle({ id: 'draft', status: 'draft', published: NOW + HOUR }),
];

/** Everything the clock can change in the selection and on the wire, as one comparable value. */
function observe(now: number): string {
  const feeds = selectFeeds(articles, {
    site: aSite(),
    feedsUrl: 'https://meridianherald.example/feeds/',
    now,
    feeds: { ...configSchema.shape.feeds.parse(undefined), tombstoneDays: 1 + 23 / 24 },
    slugs: new Map(),
  }).feeds.map((f) => [f.key, f.current.stories.map((s) => s.id), f.current.tombstones?.map((t) => t.id)]);
  const wire = selectWireStories(articles, now, false).map((s) => s.id);
  return JSON.stringify([feeds, wire]);
}

describe('nextChangeAt', () => {
  it('names every embargo, publication and tombstone expiry, and nothing changes before the next', () => {
    const days = 1 + 23 / 24;
    let now = NOW - 3 * DAY;
    const seen: number[] = [];
    while (now < NOW + DAY) {
      const next = nextChangeAt(articles, now, days);
      expect(next).toBeGreaterThan(now);
      // Just before the next change, the outputs are those of `now`; at it, something moved.
      expect(observe(Math.min(next - 1, NOW + DAY))).toBe(observe(now));
      if (next === Number.POSITIVE_INFINITY) break;
      seen.push(next);
      now = next;
    }
    // An extra instant only costs a full build; these three must be there, and really change things.
    const real = [NOW + 3 * HOUR, NOW + 5 * HOUR, NOW - 2 * DAY + days * DAY + 1];
    for (const t of real) {
      expect(seen).toContain(t);
      expect(observe(t)).not.toBe(observe(t - 1));
    }
  });
});
