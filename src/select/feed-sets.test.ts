import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { anArticle, aSite } from '../../test/builders.js';
import { feedsSchema } from '../config/feeds-schema.js';
import type { Article } from '../records/article.js';
import { type FeedsSettings, type SelectedFeed, selectFeeds } from './feed-sets.js';
import { identityOf } from './slug.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const DAY = 86_400_000;
const FEEDS_URL = 'https://meridianherald.example/feeds/';
function select(articles: readonly Article[], feeds: z.input<typeof feedsSchema> = {}) {
  const settings: FeedsSettings = feedsSchema.parse(feeds);
  return selectFeeds(articles, {
    site: aSite(),
    feedsUrl: FEEDS_URL,
    now: NOW,
    feeds: settings,
    slugs: new Map(),
  });
}

const storiesOf = (feed: SelectedFeed): Article[] => [
  ...feed.current.stories,
  ...feed.archives.flatMap((p) => p.view.stories),
];

const SECTIONS = ['local', 'world', 'business'];
const TAGS = ['Transport', 'transport', 'Energy & climate', 'Energy: climate', 'الطاقة', '..', 'Housing'];
const PEOPLE = ['Jane Roe', 'Amélie Durand', 'JANE ROE', '立花 紗也'];
const STATUSES = ['published', 'published', 'published', 'draft', 'embargoed', 'killed'] as const;

const arbitraryArticle = (i: number) =>
  fc
    .record({
      section: fc.constantFrom(...SECTIONS),
      tags: fc.subarray(TAGS),
      authors: fc.subarray(PEOPLE),
      status: fc.constantFrom(...STATUSES),
      source: fc.option(fc.constantFrom('Reuters', 'Harbour Press Agency'), { nil: undefined }),
      ageHours: fc.integer({ min: -48, max: 2000 }),
    })
    .map((r) =>
      anArticle({
        id: `story-${i}`,
        section: r.section,
        tags: r.tags.map((name) => ({ name })),
        authors: r.authors.map((name) => ({ name })),
        status: r.status,
        ...(r.status === 'embargoed' ? { embargo: NOW - 3_600_000 * (r.ageHours % 3) } : {}),
        ...(r.source === undefined ? {} : { source: r.source }),
        published: NOW - r.ageHours * 3_600_000,
        updated: NOW - r.ageHours * 3_600_000,
      }),
    );

const arbitrarySite = fc
  .integer({ min: 0, max: 60 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbitraryArticle(i))));

describe('selectFeeds', () => {
  it('puts each public story in exactly the feeds its record selects, once each', () => {
    fc.assert(
      fc.property(arbitrarySite, fc.integer({ min: 1, max: 8 }), (articles, maxItems) => {
        const settings = {
          main: { maxItems },
          archive: { enabled: true, pageSize: 10 },
          custom: [
            { slug: 'staff', title: 'Staff', wireCopy: 'exclude' as const },
            {
              slug: 'energy',
              title: 'Energy',
              wireCopy: 'include' as const,
              include: { tags: ['energy & climate'] },
              exclude: { sections: ['business'] },
            },
          ],
        };
        const { feeds } = select(articles, settings);
        const isPublic = (a: Article) =>
          a.published <= NOW &&
          (a.status === 'published' || (a.status === 'embargoed' && (a.embargo ?? Infinity) <= NOW));
        const expected = new Map<string, Set<string>>();
        const add = (key: string, a: Article) => {
          if (!expected.has(key)) expected.set(key, new Set());
          expected.get(key)?.add(a.id);
        };
        const byKey = new Map(feeds.map((f) => [f.key, f]));
        for (const a of articles.filter(isPublic)) {
          add('main', a);
          if (!a.source) add('custom/staff', a);
          const tags = a.tags.map((t) => identityOf(t.name));
          if (tags.includes('energy & climate') && a.section !== 'business') add('custom/energy', a);
          add(`section:${a.section}`, a);
          for (const t of new Set(tags)) add(`tag:${t}`, a);
          for (const p of new Set(a.authors.map((x) => identityOf(x.name)))) add(`author:${p}`, a);
        }
        for (const f of feeds) {
          const got = storiesOf(f).map((a) => a.id);
          expect(new Set(got).size).toBe(got.length);
          expect(f.total).toBe(got.length);
          expect(f.current.stories.length).toBeLessThanOrEqual(f.kind === 'main' ? maxItems : 50);
          const name = identityOf(f.current.title.replace(/ — The Meridian Herald$/, ''));
          const key =
            f.kind === 'section'
              ? `section:${name}`
              : f.kind === 'tag'
                ? `tag:${name}`
                : f.kind === 'author'
                  ? `author:${name}`
                  : f.key;
          expect(new Set(got)).toEqual(expected.get(key) ?? new Set());
          expected.delete(key);
        }
        // No story is missing a feed it should be in.
        for (const [key, ids] of expected) expect({ key, ids: [...ids] }).toEqual({ key, ids: [] });
        expect(byKey.get('main')?.dir).toBe('');
      }),
      { numRuns: 60 },
    );
  });

  it('gives every feed its own folder, self links and tag URI key', () => {
    const articles = [
      anArticle({ id: 'a', tags: [{ name: 'Energy & climate' }, { name: 'Energy: climate' }] }),
      anArticle({ id: 'b', tags: [{ name: '../../etc' }], authors: [{ name: 'رامي القصّار' }] }),
    ];
    const { feeds } = select(articles);
    const dirs = feeds.map((f) => f.dir);
    expect(new Set(dirs).size).toBe(dirs.length);
    for (const f of feeds) {
      expect(f.dir === '' || /^(sections|tags|authors|custom)\/[^/.\\]+\/$/u.test(f.dir)).toBe(true);
      expect(f.current.links.rss).toBe(
        `${FEEDS_URL}${f.dir.split('/').map(encodeURIComponent).join('/')}rss.xml`,
      );
      expect(f.current.key).toBe(f.key);
    }
    expect(dirs).toContain('tags/energy-climate/');
    expect(dirs.filter((d) => d.startsWith('tags/energy-climate'))).toHaveLength(2);
    expect(dirs).toContain('tags/etc/');
    expect(dirs).toContain('authors/رامي-القصّار/');
  });

  it('links archive pages both ways and back to the current document', () => {
    const articles = Array.from({ length: 35 }, (_, i) =>
      anArticle({ id: `s${i}`, published: NOW - (35 - i) * DAY, updated: NOW - (35 - i) * DAY }),
    );
    const main = select(articles, { main: { maxItems: 5 }, archive: { enabled: true, pageSize: 10 } })
      .feeds[0];
    if (!main) throw new Error('no main feed');
    expect(main.archives.map((p) => p.dir)).toEqual(['archive/1/', 'archive/2/', 'archive/3/', 'archive/4/']);
    expect(main.current.paging).toEqual({ prevArchive: main.archives[3]?.view.links });
    const [first, second] = main.archives;
    expect(first?.view.paging).toEqual({ current: main.current.links, nextArchive: second?.view.links });
    expect(second?.view.paging?.prevArchive).toEqual(first?.view.links);
    expect(main.archives[3]?.view.stories).toEqual([]); // the page after a full one
  });

  it('keeps a tombstone for a killed story until it ages out, in the feeds that carried it', () => {
    const killed = anArticle({
      id: 'withdrawn',
      status: 'killed',
      section: 'world',
      tags: [],
      published: NOW - 5 * DAY,
      updated: NOW - 2 * DAY,
    });
    const { feeds } = select([anArticle({ id: 'kept' }), killed], { tombstoneDays: 30 });
    const withStone = feeds.filter((f) => f.current.tombstones?.length).map((f) => f.key);
    expect(withStone.sort()).toEqual(['authors/jane-roe', 'main', 'sections/world']);
    expect(feeds.flatMap(storiesOf).some((a) => a.id === 'withdrawn')).toBe(false);
    const aged = select([anArticle({ id: 'kept' }), killed], { tombstoneDays: 1 }).feeds;
    expect(aged.some((f) => f.current.tombstones?.length)).toBe(false);
  });

  it('leaves out drafts, future stories and tags below the minimum', () => {
    const { feeds } = select(
      [
        anArticle({ id: 'a', tags: [{ name: 'Rare' }, { name: 'Common' }] }),
        anArticle({ id: 'b', tags: [{ name: 'Common' }] }),
        anArticle({ id: 'c', status: 'draft', tags: [{ name: 'Draft only' }] }),
        anArticle({ id: 'd', published: NOW + DAY, tags: [{ name: 'Future' }] }),
      ],
      { tags: { enabled: true, maxItems: 50, minStories: 2 } },
    );
    expect(feeds.filter((f) => f.kind === 'tag').map((f) => f.key)).toEqual(['tags/common']);
  });
});

describe('selectFeeds, build after build', () => {
  const story = (i: number, overrides: Partial<Article> = {}) =>
    anArticle({
      id: `s-${i}`,
      section: SECTIONS[i % 3] as string,
      tags: [{ name: TAGS[i % 7] as string }],
      authors: [{ name: PEOPLE[i % 4] as string }],
      published: NOW - (i + 1) * 3_600_000,
      updated: NOW - (i + 1) * 3_600_000,
      ...overrides,
    });
  const byKey = (feeds: readonly SelectedFeed[]) => new Map(feeds.map((f) => [f.key, f]));

  it('hands back the very same feed for unchanged members, and a new one only where a story changed', () => {
    const stories = Array.from({ length: 30 }, (_, i) => story(i));
    const first = byKey(select(stories).feeds);
    const again = byKey(select([...stories]).feeds);
    for (const [key, feed] of first) expect(again.get(key), key).toBe(feed);

    const edited = story(4, { headline: 'A new headline' });
    const next = byKey(select(stories.map((s, i) => (i === 4 ? edited : s))).feeds);
    const changed = [...next].filter(([key, feed]) => first.get(key) !== feed).map(([key]) => key);
    const own = [
      'main',
      `sections/${SECTIONS[1]}`,
      `tags/${identityOf(TAGS[4] as string)}`,
      'authors/jane-roe',
    ];
    expect(changed.sort()).toEqual(own.sort());
    expect(next.get('main')?.current.stories).toContain(edited);
  });

  it('selects again when the clock alone ages a tombstone out', () => {
    const stories = [story(1), story(2, { status: 'killed', updated: NOW - 2 * DAY })];
    const feeds = { tombstoneDays: 3 };
    const withTombstone = select(stories, feeds).feeds[0];
    expect(withTombstone?.current.tombstones).toHaveLength(1);
    const later = selectFeeds(stories, {
      site: aSite(),
      feedsUrl: FEEDS_URL,
      now: NOW + 2 * DAY,
      feeds: feedsSchema.parse(feeds),
      slugs: new Map(),
    }).feeds[0];
    expect(later).not.toBe(withTombstone);
    expect(later?.current.tombstones).toBeUndefined();
  });
});
