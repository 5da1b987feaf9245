import type { FeedIndex, FeedKind, IndexedFeed } from '../src/formats/feed-index/feed-index.js';
import { aSite } from './builders.js';

// Fresh objects per call, like builders.ts: tests never share a fixture they could change.

const FEEDS_URL = 'https://meridianherald.example/feeds/';

const KIND_BY_FOLDER: Record<string, FeedKind> = {
  sections: 'section',
  tags: 'tag',
  authors: 'author',
  custom: 'custom',
};

/** A feed laid out as the publisher lays it out: folder = key, except main at the top. */
export function anIndexedFeed(key: string, overrides: Partial<IndexedFeed> = {}): IndexedFeed {
  const folder = key === 'main' ? '' : `${key}/`;
  const kind = key === 'main' ? 'main' : (KIND_BY_FOLDER[key.split('/')[0] ?? ''] ?? 'custom');
  const name = key.slice(key.lastIndexOf('/') + 1);
  return {
    key,
    kind,
    title: key === 'main' ? 'The Meridian Herald' : name.replace(/^./, (c) => c.toUpperCase()),
    description: `Stories filed under ${name}`,
    links: {
      rss: `${FEEDS_URL}${folder}rss.xml`,
      atom: `${FEEDS_URL}${folder}atom.xml`,
      json: `${FEEDS_URL}${folder}feed.json`,
      html: key === 'main' ? 'https://meridianherald.example/' : `https://meridianherald.example/${key}`,
    },
    paths: { rss: `${folder}rss.xml`, atom: `${folder}atom.xml`, json: `${folder}feed.json` },
    items: 20,
    total: 120,
    archivePages: 5,
    updated: Date.parse('2026-10-02T08:00:00Z'),
    ...overrides,
  };
}

/** Every kind, in display order, and the wire on. */
export function aFeedIndex(overrides: Partial<FeedIndex> = {}): FeedIndex {
  return {
    site: aSite(),
    feedsUrl: FEEDS_URL,
    feeds: [
      anIndexedFeed('main', { items: 50, total: 900, archivePages: 17 }),
      anIndexedFeed('custom/no-wire', {
        title: 'Staff only',
        updated: Date.parse('2026-10-03T09:30:00.250Z'),
      }),
      anIndexedFeed('sections/business', { title: 'Business' }),
      anIndexedFeed('sections/world', { title: 'World' }),
      anIndexedFeed('tags/energy-climate', {
        title: 'Energy & climate',
        items: 1,
        total: 1,
        archivePages: 0,
      }),
      anIndexedFeed('authors/jane-roe', {
        title: 'Jane Roe',
        items: 0,
        total: 0,
        archivePages: 0,
        updated: undefined,
      }),
    ],
    wire: { path: 'newsml-index.xml', url: `${FEEDS_URL}newsml-index.xml`, messages: 1234 },
    ...overrides,
  };
}
