import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it, vi } from 'vitest';
import { aFeedIndex, anIndexedFeed } from '../../../test/feed-index-builders.js';
import {
  countElements,
  type El,
  HOSTILE,
  hostile,
  hostileString,
  kid,
  kids,
  parseXml,
  text,
  xmlProblemsEach,
} from '../../../test/validate-feed.js';
import { checkXmlWellFormed } from '../../publish/check-xml.js';
import { cleanText } from '../shared/xml.js';
import type { FeedIndex } from './feed-index.js';
import { renderOpml } from './opml.js';

const opml = (xml: string): El => kid(parseXml(xml), 'opml');
const head = (xml: string): El => kid(opml(xml), 'head');
const groups = (xml: string): El[] => kids(kid(opml(xml), 'body'), 'outline');
const subscriptions = (xml: string): El[] => groups(xml).flatMap((g) => kids(g, 'outline'));

describe('renderOpml', () => {
  it('is OPML 2.0 with a head dated by the newest story, never the clock', () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
      const xml = renderOpml(aFeedIndex());
      vi.setSystemTime(new Date('2040-06-01T00:00:00Z'));
      expect(renderOpml(aFeedIndex())).toBe(xml);

      expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n')).toBe(true);
      const h = head(xml);
      expect(text(kid(h, 'title'))).toBe('The Meridian Herald feeds');
      // The custom feed's update is the newest; OPML 2.0 wants RFC 822.
      expect(text(kid(h, 'dateModified'))).toBe('Sat, 03 Oct 2026 09:30:00 GMT');
      expect(text(kid(h, 'ownerName'))).toBe('The Meridian Herald');
      expect(text(kid(h, 'docs'))).toBe('http://opml.org/spec2.opml');
      expect(h).not.toHaveProperty('dateCreated');
    } finally {
      vi.useRealTimers();
    }
  });

  it('has no dateModified when no feed has a story', () => {
    const index = aFeedIndex();
    const xml = renderOpml({ ...index, feeds: index.feeds.map((f) => ({ ...f, updated: undefined })) });
    expect(head(xml)).not.toHaveProperty('dateModified');
  });

  it('groups feeds by kind in display order, each feed once, pointing at its RSS document', () => {
    const index = aFeedIndex();
    const xml = renderOpml(index);
    expect(groups(xml).map((g) => g['@text'])).toEqual(['Main', 'Custom', 'Sections', 'Tags', 'Authors']);
    expect(groups(xml).map((g) => kids(g, 'outline').length)).toEqual([1, 1, 2, 1, 1]);
    const subs = subscriptions(xml);
    expect(subs.map((s) => s['@xmlUrl'])).toEqual(index.feeds.map((f) => f.links.rss));
    expect(subs[4]).toEqual({
      '@type': 'rss',
      '@version': 'RSS2',
      '@text': 'Energy & climate',
      '@title': 'Energy & climate',
      '@xmlUrl': 'https://meridianherald.example/feeds/tags/energy-climate/rss.xml',
      '@htmlUrl': 'https://meridianherald.example/tags/energy-climate',
      '@description': 'Stories filed under energy-climate',
      '@language': 'en',
    });
    // No wire: the NewsML-G2 index is for wire clients, not for feed readers importing a list.
    expect(xml).not.toContain('newsml');
  });

  it('leaves out empty groups and an empty description', () => {
    const index = aFeedIndex({
      feeds: [anIndexedFeed('main', { description: '' }), anIndexedFeed('tags/x')],
    });
    const xml = renderOpml(index);
    expect(groups(xml).map((g) => g['@text'])).toEqual(['Main', 'Tags']);
    expect(subscriptions(xml)[0]).not.toHaveProperty('@description');
  });

  it('is well-formed for libxml2, with feeds and without', async () => {
    const docs = [
      renderOpml(aFeedIndex()),
      renderOpml(aFeedIndex({ feeds: [] })),
      renderOpml(hostileIndex()),
    ];
    expect(await checkXmlWellFormed(docs.map((text, i) => ({ name: `doc${i}`, text })))).toEqual(new Map());
  });

  it('escapes hostile text everywhere, so it reads back as the cleaned text and adds no element', () => {
    const xml = renderOpml(hostileIndex());
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(countElements(xml, 'x')).toBe(0);
    expect(countElements(xml, 'outline')).toBe(2);
    expect(text(kid(head(xml), 'title'))).toBe(cleanText(`${hostile('site')} feeds`));
    expect(text(kid(head(xml), 'ownerName'))).toBe(cleanText(hostile('site')));
    const [sub] = subscriptions(xml);
    expect(sub?.['@text']).toBe(cleanText(hostile('title')));
    expect(sub?.['@title']).toBe(cleanText(hostile('title')));
    expect(sub?.['@description']).toBe(cleanText(hostile('description')));
    expect(sub?.['@xmlUrl']).toBe(cleanText(`https://x.example/${HOSTILE}`));
    expect(sub?.['@language']).toBe(cleanText(hostile('language')));
  });

  it('round-trips any title and description once XML-forbidden characters are removed (property)', async () => {
    const anyText = fc.oneof(hostileString, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
    const rendered: { input: unknown; xml: string }[] = [];
    fc.assert(
      fc.property(anyText, anyText, (title, description) => {
        const xml = renderOpml(aFeedIndex({ feeds: [anIndexedFeed('sections/x', { title, description })] }));
        rendered.push({ input: { title, description }, xml });
        expect(XMLValidator.validate(xml)).toBe(true);
        const [sub] = subscriptions(xml);
        expect(sub?.['@text']).toBe(cleanText(title));
        expect(sub?.['@title']).toBe(cleanText(title));
        if (cleanText(description) !== '') expect(sub?.['@description']).toBe(cleanText(description));
      }),
      { seed: 42, numRuns: 300 },
    );
    // fast-xml-parser's validator lets forbidden characters through; libxml2 does not.
    const problems = await xmlProblemsEach(rendered.map((r) => r.xml));
    const failures = rendered.flatMap((r, i) =>
      problems[i]?.length ? [{ input: r.input, problems: problems[i] }] : [],
    );
    expect(failures).toEqual([]);
  }, 120_000);
});

function hostileIndex(): FeedIndex {
  const index = aFeedIndex();
  const feed = anIndexedFeed('sections/x', {
    title: hostile('title'),
    description: hostile('description'),
    links: { ...index.feeds[0]!.links, rss: `https://x.example/${HOSTILE}`, html: hostile('html') },
  });
  return {
    ...index,
    site: { ...index.site, title: hostile('site'), language: hostile('language') },
    feeds: [feed],
  };
}
