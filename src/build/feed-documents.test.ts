import { describe, expect, it } from 'vitest';
import { aFeed, anArticle, anImage, aSite } from '../../test/builders.js';
import { renderAtomString } from '../formats/atom.js';
import type { FeedView } from '../formats/feed-view.js';
import { renderJsonFeedString } from '../formats/jsonfeed.js';
import { renderRssString } from '../formats/rss.js';
import { checkByParts } from '../publish/check-parts.js';
import { FEED_FORMATS, itemKindOf, renderFeedDocument } from './feed-documents.js';
import { SharedItems } from './shared-items.js';

const WRITERS = {
  'rss.xml': renderRssString,
  'atom.xml': renderAtomString,
  'feed.json': renderJsonFeedString,
} as const;

const stories = [
  anArticle({
    id: 'a',
    corrections: [{ date: Date.UTC(2026, 10, 2), text: 'An earlier version misspelt a name.' }],
  }),
  anArticle({
    id: 'b',
    images: [anImage(), anImage({ url: 'https://images.meridianherald.example/b.jpg' })],
  }),
  anArticle({
    id: 'c',
    images: [],
    authors: [],
    byline: undefined,
    source: 'Harbour Press Agency',
    language: 'fr',
  }),
];

const views: [string, FeedView][] = [
  ['full', aFeed(stories)],
  ['summary', aFeed(stories, { content: 'summary' })],
  ['empty', aFeed([])],
  [
    'archive page with tombstones',
    aFeed(stories.slice(1), {
      content: 'summary',
      paging: { current: aFeed([]).links, nextArchive: aFeed([]).links },
      tombstones: [{ id: 'gone', when: Date.UTC(2026, 10, 1) }],
    }),
  ],
];

describe('renderFeedDocument', () => {
  for (const format of FEED_FORMATS) {
    for (const [name, view] of views) {
      it(`gives the writer's own bytes: ${format.file}, ${name}`, () => {
        const doc = renderFeedDocument(format, view);
        const text = doc.bytes.toString('utf8');
        expect(text).toBe(WRITERS[format.file](view));
        expect(doc.parts.items.map((i) => i.story)).toEqual(view.stories.map((s) => s.id));
        // The skeleton is the document with its items taken out.
        if (format.kind === 'jsonfeed') {
          expect(JSON.parse(doc.parts.skeleton)).toEqual({ ...JSON.parse(text), items: [] });
          expect(JSON.parse(text).items).toEqual(
            doc.parts.items.map((i) => JSON.parse(i.bytes.toString('utf8'))),
          );
        } else {
          const rest = doc.parts.items.reduce(
            (text, item) => text.replace(item.bytes.toString('utf8'), ''),
            text,
          );
          expect(rest).toBe(doc.parts.skeleton);
        }
      });
    }
  }

  it('names an item by format, content mode, site and story content, so one name is one text', () => {
    const [rss, atom] = FEED_FORMATS as [(typeof FEED_FORMATS)[0], (typeof FEED_FORMATS)[0]];
    const names = (doc: ReturnType<typeof renderFeedDocument>) =>
      doc.parts.items.map((i) => `${doc.parts.kind}:${i.key}`);
    const full = renderFeedDocument(rss, aFeed(stories));
    const again = renderFeedDocument(rss, aFeed(stories, { key: 'sections/world', title: 'World' }));
    expect(names(again)).toEqual(names(full));
    expect(again.parts.items.map((i) => i.bytes.toString('utf8'))).toEqual(
      full.parts.items.map((i) => i.bytes.toString('utf8')),
    );
    const summary = renderFeedDocument(rss, aFeed(stories, { content: 'summary' }));
    const otherSite = renderFeedDocument(rss, aFeed(stories, { site: aSite({ title: 'The Other Herald' }) }));
    const all = new Set([full, summary, otherSite, renderFeedDocument(atom, aFeed(stories))].flatMap(names));
    expect(all.size).toBe(12);
  });

  it('passes its parts check for every format and view', async () => {
    const outputs = FEED_FORMATS.flatMap((format) =>
      views.map(([name, view]) => ({
        path: `${name}/${format.file}`,
        kind: format.kind,
        ...renderFeedDocument(format, view),
      })),
    );
    expect(await checkByParts(outputs)).toEqual(new Map());
    // Checked once: rendered again, the documents carry no item to check.
    const again = FEED_FORMATS.flatMap((format) => views.map(([, view]) => renderFeedDocument(format, view)));
    expect(again.flatMap((doc) => doc.parts.items)).toEqual([]);
  });

  it('gives the same bytes with items held from earlier documents, still handing over unchecked ones', () => {
    const rss = FEED_FORMATS[0] as (typeof FEED_FORMATS)[0];
    // A site of its own: no other test has checked these items.
    const site = aSite({ title: `Shared ${Math.random()}` });
    const first = aFeed(stories, { site, content: 'summary' });
    const second = aFeed(stories.slice(1), { site, content: 'summary', key: 'tags/x', title: 'X' });
    const planned = [first, second].map((view) => ({ kind: itemKindOf(rss, view), stories: view.stories }));
    const shared = new SharedItems(planned);
    const one = renderFeedDocument(rss, first, shared.of(planned[0] as (typeof planned)[0]));
    const two = renderFeedDocument(rss, second, shared.of(planned[1] as (typeof planned)[0]));
    expect(shared.stats()).toMatchObject({ hits: 2, misses: 3 });
    expect(two.bytes.toString('utf8')).toBe(renderRssString(second));
    // Not checked yet: the second document hands its items over too, with their text.
    expect(two.parts.items.map((i) => i.bytes.toString('utf8'))).toEqual(
      one.parts.items.slice(1).map((i) => i.bytes.toString('utf8')),
    );
    // As views of each document's own bytes: no item's text is kept apart from them.
    for (const doc of [one, two])
      for (const i of doc.parts.items) expect(i.bytes.buffer).toBe(doc.bytes.buffer);
  });

  it("gives the writer's bytes for a document larger than the room it reuses", () => {
    const long = Array.from({ length: 120 }, (_, i) =>
      anArticle({ id: `long-${i}`, bodyHtml: `<p>${'Grüße — ’quoted’ '.repeat(400)}</p>` }),
    );
    const view = aFeed(long);
    for (const format of FEED_FORMATS) {
      const doc = renderFeedDocument(format, view);
      expect(doc.bytes.length).toBeGreaterThan(1 << 20);
      expect(doc.bytes.toString('utf8')).toBe(WRITERS[format.file](view));
    }
    // A small document after the large one still comes out at its own size.
    const small = aFeed(stories);
    const rss = FEED_FORMATS[0] as (typeof FEED_FORMATS)[0];
    expect(renderFeedDocument(rss, small).bytes).toEqual(Buffer.from(renderRssString(small)));
  });
});
