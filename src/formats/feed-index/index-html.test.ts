import fc from 'fast-check';
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { aFeedIndex, anIndexedFeed } from '../../../test/feed-index-builders.js';
import { hostile, hostileString } from '../../../test/validate-feed.js';
import { cleanText } from '../shared/xml.js';
import type { FeedIndex } from './feed-index.js';
import { renderIndexHtml } from './index-html.js';

type Node = ReturnType<typeof parseDocument>;
type Element = ReturnType<typeof DomUtils.getElementsByTagName>[number];

const all = (name: string, root: Node | Element): Element[] =>
  DomUtils.getElementsByTagName(name, root, true);
const one = (name: string, root: Node | Element): Element => {
  const [found] = all(name, root);
  if (!found) throw new Error(`no <${name}>`);
  return found;
};
const textOf = (el: Element): string => DomUtils.textContent(el);
/** Every element name in the page, so a stray `<script>` or `<img>` shows up. */
const elementNames = (doc: Node): string[] =>
  [...new Set(DomUtils.findAll(() => true, doc.children).map((e) => e.name))].sort();
const feedTitles = (doc: Node): Element[] => all('li', doc).map((li) => li.children.find(DomUtils.isTag)!);
const alternates = (doc: Node) =>
  all('link', one('head', doc)).map((l) => [l.attribs.type, l.attribs.title, l.attribs.href]);

const BENIGN_NAMES = elementNames(parseDocument(renderIndexHtml(aFeedIndex())));

describe('renderIndexHtml', () => {
  it('is an HTML5 document in the site language, titled after the site', () => {
    const html = renderIndexHtml(aFeedIndex({ site: { ...aFeedIndex().site, language: 'fr-CA' } }));
    expect(html.startsWith('<!doctype html>\n<html lang="fr-CA">\n<head>\n<meta charset="utf-8">\n')).toBe(
      true,
    );
    const doc = parseDocument(html);
    expect(doc.children.filter(DomUtils.isTag).map((e) => e.name)).toEqual(['html']);
    const head = one('head', doc);
    expect(all('meta', head).map((m) => m.attribs)).toEqual([
      { charset: 'utf-8' },
      { name: 'viewport', content: 'width=device-width, initial-scale=1' },
    ]);
    expect(textOf(one('title', head))).toBe('The Meridian Herald feeds');
    expect(textOf(one('h1', one('body', doc)))).toBe('The Meridian Herald feeds');
    expect(all('script', doc)).toEqual([]);
    expect(BENIGN_NAMES).toEqual(
      [
        'a',
        'body',
        'h1',
        'h2',
        'head',
        'html',
        'li',
        'link',
        'meta',
        'p',
        'section',
        'small',
        'span',
        'style',
        'title',
        'ul',
      ].sort(),
    );
  });

  it('advertises main in every format, sections and custom feeds in RSS only, and the wire index', () => {
    const doc = parseDocument(renderIndexHtml(aFeedIndex()));
    for (const l of all('link', doc)) expect(l.attribs.rel).toBe('alternate');
    expect(alternates(doc)).toEqual([
      ['application/rss+xml', 'The Meridian Herald (RSS 2.0)', 'rss.xml'],
      ['application/atom+xml', 'The Meridian Herald (Atom 1.0)', 'atom.xml'],
      ['application/feed+json', 'The Meridian Herald (JSON Feed 1.1)', 'feed.json'],
      ['application/rss+xml', 'Staff only (RSS 2.0)', 'custom/no-wire/rss.xml'],
      ['application/rss+xml', 'Business (RSS 2.0)', 'sections/business/rss.xml'],
      ['application/rss+xml', 'World (RSS 2.0)', 'sections/world/rss.xml'],
      ['application/atom+xml', 'NewsML-G2 messages (Atom index)', 'newsml-index.xml'],
    ]);
    const noWire = parseDocument(renderIndexHtml(aFeedIndex({ wire: undefined })));
    expect(alternates(noWire)).toHaveLength(6);
    expect(all('section', noWire).map((s) => s.attribs.id)).not.toContain('wire');
  });

  it('lists each kind in its own section, feeds in the given order, with relative links and counts', () => {
    const doc = parseDocument(renderIndexHtml(aFeedIndex()));
    const sections = all('section', doc);
    expect(sections.map((s) => [s.attribs.id, textOf(one('h2', s))])).toEqual([
      ['main', 'Main'],
      ['custom', 'Custom'],
      ['sections', 'Sections'],
      ['tags', 'Tags'],
      ['authors', 'Authors'],
      ['wire', 'Wire'],
    ]);
    expect(feedTitles(doc).map(textOf)).toEqual([
      'The Meridian Herald',
      'Staff only',
      'Business',
      'World',
      'Energy & climate',
      'Jane Roe',
    ]);

    const world = all('li', sections[2]!)[1]!;
    expect(all('a', world).map((a) => [textOf(a), a.attribs.href])).toEqual([
      ['World', 'https://meridianherald.example/sections/world'],
      ['RSS', 'sections/world/rss.xml'],
      ['Atom', 'sections/world/atom.xml'],
      ['JSON Feed', 'sections/world/feed.json'],
    ]);
    expect(textOf(one('small', world))).toBe('20 stories now, 120 in all, 5 archive pages');
    expect(textOf(one('small', all('li', sections[3]!)[0]!))).toBe('1 story now, 1 in all, 0 archive pages');
    expect(textOf(one('p', sections[5]!))).toBe('NewsML-G2 messages (Atom index) 1234 messages');

    const intro = all('a', all('p', one('body', doc))[0]!).map((a) => a.attribs.href);
    expect(intro).toEqual(['feeds.opml', 'index.json']);
  });

  it('skips kinds without feeds, and says so when there is nothing at all', () => {
    const doc = parseDocument(
      renderIndexHtml(aFeedIndex({ feeds: [anIndexedFeed('main'), anIndexedFeed('tags/x')] })),
    );
    expect(all('section', doc).map((s) => s.attribs.id)).toEqual(['main', 'tags', 'wire']);
    const empty = parseDocument(renderIndexHtml(aFeedIndex({ feeds: [], wire: undefined })));
    expect(all('section', empty)).toEqual([]);
    expect(all('p', empty).map(textOf)).toContain('Nothing is published yet.');
  });

  it('sets dir="auto" on every feed title, so right-to-left titles lay out right to left', () => {
    const index = aFeedIndex({ feeds: [anIndexedFeed('sections/world', { title: 'أخبار العالم' })] });
    const doc = parseDocument(renderIndexHtml(index));
    const [title] = feedTitles(doc);
    expect(title?.attribs.dir).toBe('auto');
    expect(textOf(title!)).toBe('أخبار العالم');
    expect(one('h1', doc).attribs.dir).toBe('auto');
  });

  it('percent-encodes path segments so a path can never read as a scheme, query or fragment', () => {
    const odd = anIndexedFeed('tags/x', {
      paths: {
        rss: 'tags/javascript:alert(1)/rss.xml',
        atom: 'tags/a?b#c/atom.xml',
        json: 'tags/été/feed.json',
      },
      links: { ...anIndexedFeed('tags/x').links, html: 'javascript:alert(1)' },
    });
    const doc = parseDocument(renderIndexHtml(aFeedIndex({ feeds: [odd] })));
    const li = one('li', doc);
    expect(all('a', li).map((a) => a.attribs.href)).toEqual([
      'tags/javascript%3Aalert(1)/rss.xml',
      'tags/a%3Fb%23c/atom.xml',
      'tags/%C3%A9t%C3%A9/feed.json',
    ]);
    // A page link that is not http(s) is shown, never followed.
    expect(feedTitles(doc)[0]?.name).toBe('span');
  });

  it('never turns hostile text into markup', () => {
    const titles = [
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      "' onmouseover='alert(1)",
      '</title><script>alert(1)</script>',
      '</style><b>',
      '<!-- x',
      '&lt;b&gt; &amp; ]]>',
      hostile('title'),
    ];
    for (const title of titles) {
      const doc = parseDocument(renderIndexHtml(hostileIndex(title)));
      expect(elementNames(doc), title).toEqual(BENIGN_NAMES);
      expect(textOf(one('title', doc)), title).toBe(cleanText(`${title} feeds`));
      expect(feedTitles(doc).map(textOf), title).toEqual(Array(3).fill(cleanText(title)));
      expect(alternates(doc)[3]?.[1], title).toBe(cleanText(`${title} (RSS 2.0)`));
      expect(one('html', doc).attribs.lang, title).toBe(cleanText(title));
      const attributes = DomUtils.findAll(() => true, doc.children).flatMap((e) => Object.keys(e.attribs));
      expect(
        attributes.filter((a) => a.startsWith('on')),
        title,
      ).toEqual([]);
    }
  });

  it('keeps any title as text (property)', () => {
    const anyText = fc.oneof(hostileString, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(anyText, (title) => {
        const doc = parseDocument(renderIndexHtml(hostileIndex(title)));
        expect(elementNames(doc)).toEqual(BENIGN_NAMES);
        expect(feedTitles(doc).map(textOf)).toEqual(Array(3).fill(cleanText(title)));
        expect(textOf(one('title', doc))).toBe(cleanText(`${title} feeds`));
        expect(alternates(doc)[0]?.[1]).toBe(cleanText(`${title} (RSS 2.0)`));
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

/** Hostile text in every place the page shows text from the index: site, section, path. */
function hostileIndex(title: string): FeedIndex {
  const index = aFeedIndex();
  return {
    ...index,
    site: { ...index.site, title, language: title },
    feeds: [
      anIndexedFeed('main', { title }),
      anIndexedFeed('sections/x', { title, description: title }),
      anIndexedFeed('tags/x', { title, paths: { rss: `${title}/rss.xml`, atom: title, json: title } }),
    ],
  };
}
