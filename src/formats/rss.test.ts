import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aFeed, anArticle, anImage, aSite } from '../../test/builders.js';
import {
  aNewsroomFeed,
  countElements,
  type El,
  hostile,
  hostileString,
  kid,
  kids,
  parseXml,
  printedLine,
  text,
  texts,
  validateFeed,
  xmlProblems,
  xmlProblemsEach,
} from '../../test/validate-feed.js';
import type { Article } from '../records/article.js';
import { sanitizeBody } from '../records/body-html.js';
import type { FeedView } from './feed-view.js';
import { renderRss, renderRssString } from './rss.js';
import { storyTagUri } from './shared/ids.js';
import { storyHtml } from './shared/story-html.js';
import { cleanText, escapeText } from './shared/xml.js';

const root = (xml: string): El => kid(parseXml(xml), 'rss');
const channel = (xml: string): El => kid(root(xml), 'channel');
const items = (xml: string): El[] => kids(channel(xml), 'item');
const firstItem = (xml: string): El => items(xml)[0] as El;

afterEach(() => {
  vi.useRealTimers();
});

describe('renderRss', () => {
  it('declares each namespace once on the root, and only the ones the document uses', () => {
    const full = renderRssString(aFeed([anArticle()]));
    for (const prefix of ['atom', 'dc', 'content', 'media']) {
      expect(full.split(`xmlns:${prefix}=`).length - 1, prefix).toBe(1);
    }
    expect(root(full)['@xmlns:media']).toBe('http://search.yahoo.com/mrss/');

    const bare = anArticle({ images: [], authors: [], bodyHtml: '', subheadline: undefined });
    const xml = renderRssString(aFeed([bare]));
    expect(Object.keys(root(xml)).filter((k) => k.startsWith('@xmlns'))).toEqual(['@xmlns:atom']);
  });

  it('writes the channel from the feed and the site, dated by feed.updated and never the clock', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
    const feed = aFeed([anArticle()]);
    const xml = renderRssString(feed);
    vi.setSystemTime(new Date('2040-06-01T12:00:00Z'));
    expect(renderRssString(feed)).toBe(xml);

    const c = channel(xml);
    expect(text(kid(c, 'title'))).toBe('The Meridian Herald');
    expect(text(kid(c, 'link'))).toBe('https://meridianherald.example/');
    expect(text(kid(c, 'language'))).toBe('en');
    expect(text(kid(c, 'copyright'))).toBe('© 2026 The Meridian Herald');
    expect(text(kid(c, 'lastBuildDate'))).toBe('Fri, 02 Oct 2026 08:00:00 GMT');
    expect(text(kid(c, 'generator'))).toBe('Syndicate');
    expect(kid(c, 'atom:link')).toMatchObject({
      '@rel': 'self',
      '@type': 'application/rss+xml',
      '@href': 'https://meridianherald.example/feeds/rss.xml',
    });
    expect(text(kid(kid(c, 'image'), 'url'))).toBe('https://meridianherald.example/logo.png');
    expect(kids(channel(renderRssString(aFeed([]))), 'lastBuildDate')).toEqual([]);
  });

  it('yields the head, one chunk per story and the tail', () => {
    const feed = aFeed([anArticle({ id: 'a' }), anArticle({ id: 'b' })]);
    const chunks = [...renderRss(feed)];
    expect(chunks).toHaveLength(4);
    expect(chunks[0]?.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"')).toBe(true);
    expect(chunks[1]).toContain('story/a</guid>');
    expect(chunks.join('')).toBe(renderRssString(feed));
  });

  it('takes the guid from the record id, so headline, url and version changes keep it', () => {
    const before = firstItem(renderRssString(aFeed([anArticle()])));
    const after = firstItem(
      renderRssString(
        aFeed([anArticle({ headline: 'Tunnel vote: a correction', url: 'https://x.example/y', version: 3 })]),
      ),
    );
    expect(kid(before, 'guid')).toEqual({
      '#text': 'tag:meridianherald.example,2026:story/harbour-tunnel-vote',
      '@isPermaLink': 'false',
    });
    expect(kid(after, 'guid')).toEqual(kid(before, 'guid'));
  });

  it('maps the story fields to item elements', () => {
    const story = anArticle({ source: 'Reuters', rights: '© Reuters', language: 'fr' });
    const item = firstItem(renderRssString(aFeed([story])));
    expect(text(kid(item, 'title'))).toBe(story.headline);
    expect(text(kid(item, 'link'))).toBe(story.url);
    expect(text(kid(item, 'description'))).toBe(story.summary);
    expect(text(kid(item, 'pubDate'))).toBe('Fri, 02 Oct 2026 08:00:00 GMT');
    expect(texts(item, 'dc:creator')).toEqual(['Jane Roe']);
    expect(texts(item, 'dc:language')).toEqual(['fr']);
    expect(texts(item, 'dc:rights')).toEqual(['© Reuters']);
    expect(texts(item, 'dc:source')).toEqual(['Reuters']);
    expect(kids(item, 'source')).toEqual([]);
    expect(kids(item, 'category')).toEqual([
      { '#text': 'local' },
      { '#text': 'Transport' },
      { '#text': 'medtop:04000000', '@domain': 'http://cv.iptc.org/newscodes/mediatopic/' },
      { '#text': 'Economy' },
    ]);
  });

  it('falls back to the subheadline for the description and to the byline for the creator', () => {
    const story = anArticle({
      summary: undefined,
      authors: [],
      byline: 'By Jane Roe, with files from Reuters',
    });
    const item = firstItem(renderRssString(aFeed([story])));
    expect(text(kid(item, 'description'))).toBe(story.subheadline);
    expect(texts(item, 'dc:creator')).toEqual(['By Jane Roe, with files from Reuters']);
    expect(kids(item, 'dc:language')).toEqual([]);
  });

  it('leads content:encoded with the dated corrections, then the escaped subheadline, dateline and body', () => {
    const story = anArticle({
      subheadline: 'Why <b>bold</b> & "quoted"',
      dateline: { city: 'Meridian', country: 'Freeland' },
      corrections: [{ date: Date.parse('2026-10-03T09:00:00Z'), text: 'The vote was 31–20, not <30>.' }],
    });
    const html = text(kid(firstItem(renderRssString(aFeed([story]))), 'content:encoded'));
    expect(
      html.startsWith(
        '<aside class="corrections"><p><strong>Correction, <time datetime="2026-10-03T09:00:00Z">2026-10-03</time>:</strong> The vote was 31–20, not &lt;30&gt;.</p></aside>',
      ),
    ).toBe(true);
    expect(html).toContain('</aside><p><strong>Why &lt;b&gt;bold&lt;/b&gt; &amp; "quoted"</strong></p>');
    expect(html).toContain('<p class="dateline">Meridian, Freeland</p>');
    expect(html.endsWith(story.bodyHtml)).toBe(true);
  });

  it('encloses the lead image once and describes every image with Media RSS', () => {
    const second = anImage({
      url: 'https://images.meridianherald.example/b.jpg',
      caption: 'The second photo.',
      credit: { line: 'Staff' },
      rights: undefined,
    });
    const xml = renderRssString(aFeed([anArticle({ images: [anImage(), second] })]));
    expect(countElements(xml, 'enclosure')).toBe(1);
    const item = firstItem(xml);
    expect(kid(item, 'enclosure')).toEqual({
      '@url': 'https://images.meridianherald.example/2026/harbour.jpg',
      '@length': '184233',
      '@type': 'image/jpeg',
    });
    const [lead, other] = kids(item, 'media:content') as [El, El];
    expect(lead).toMatchObject({
      '@medium': 'image',
      '@width': '1600',
      '@height': '1067',
      '@fileSize': '184233',
    });
    expect(kid(lead, 'media:description')).toEqual({
      '#text': 'Ferries wait at the north pier.',
      '@type': 'plain',
    });
    expect(kids(lead, 'media:credit')).toEqual([
      { '#text': 'Ilse Marren', '@role': 'photographer', '@scheme': 'urn:ebu' },
      { '#text': 'Coastline Photo', '@role': 'production company', '@scheme': 'urn:ebu' },
      { '#text': 'Northlight Images', '@role': 'distribution company', '@scheme': 'urn:ebu' },
    ]);
    expect(texts(lead, 'media:copyright')).toEqual(['© 2026 Northlight Images']);
    expect(kids(other, 'media:credit')).toEqual([{ '#text': 'Staff' }]);
    expect(kids(other, 'media:copyright')).toEqual([]);
  });

  it('writes length 0 for an unknown size and no enclosure for an unknown type', () => {
    const noLength = firstItem(
      renderRssString(aFeed([anArticle({ images: [anImage({ length: undefined })] })])),
    );
    expect(kid(noLength, 'enclosure')['@length']).toBe('0');
    expect(kid(noLength, 'media:content')['@fileSize']).toBeUndefined();
    const noType = firstItem(renderRssString(aFeed([anArticle({ images: [anImage({ type: undefined })] })])));
    expect(kids(noType, 'enclosure')).toEqual([]);
    expect(kids(noType, 'media:content')).toHaveLength(1);
  });

  it('keeps every printed credit line recoverable verbatim', () => {
    const lines = [
      {
        line: 'Ilse Marren/Coastline Photo/Northlight Images',
        photographer: 'Ilse Marren',
        agency: 'Coastline Photo',
        distributor: 'Northlight Images',
      },
      {
        line: 'Photo: Ilse Marren for Coastline Photo',
        photographer: 'Ilse Marren',
        agency: 'Coastline Photo',
      },
      { line: 'Ilse Marren / Coastline Photo', photographer: 'Ilse Marren', agency: 'Coastline Photo' },
      { line: 'Handout' },
      { line: 'Reuters', agency: 'Reuters' },
    ];
    const images = lines.map((credit, i) => anImage({ url: `https://img.example/${i}.jpg`, credit }));
    const contents = kids(firstItem(renderRssString(aFeed([anArticle({ images })]))), 'media:content');
    expect(contents.map(printedLine)).toEqual(lines.map((c) => c.line));
  });

  it('keeps right-to-left and CJK text intact', () => {
    const story = anArticle({
      headline: 'مرفأ بيروت يعيد فتح أرصفته',
      summary: '東京の新線が開業した。',
      language: 'ar',
    });
    const item = firstItem(renderRssString(aFeed([story])));
    expect(text(kid(item, 'title'))).toBe('مرفأ بيروت يعيد فتح أرصفته');
    expect(text(kid(item, 'description'))).toBe('東京の新線が開業した。');
    expect(texts(item, 'dc:language')).toEqual(['ar']);
  });
});

function aHostileFeed(): { feed: FeedView; story: Article } {
  const story = anArticle({
    headline: hostile('headline'),
    subheadline: hostile('subheadline'),
    summary: hostile('summary'),
    bodyHtml: sanitizeBody(`<p>${hostile('body')}</p>`, 'https://meridianherald.example/x'),
    url: `https://x.example/${hostile('url')}`,
    authors: [{ name: hostile('author'), email: hostile('email'), url: hostile('author url') }],
    source: hostile('source'),
    section: hostile('section'),
    tags: [{ name: hostile('tag'), scheme: hostile('scheme'), code: hostile('code') }],
    language: hostile('language'),
    dateline: { city: hostile('city') },
    rights: hostile('rights'),
    corrections: [{ date: 0, text: hostile('correction') }],
    images: [
      anImage({
        url: hostile('image url'),
        caption: hostile('caption'),
        type: hostile('type'),
        rights: hostile('image rights'),
        credit: { line: hostile('line'), photographer: hostile('photographer'), agency: hostile('agency') },
      }),
    ],
  });
  const site = aSite({ title: hostile('site'), copyright: hostile('copyright'), logoUrl: hostile('logo') });
  const feed = aFeed([story], {
    site,
    title: hostile('feed title'),
    description: hostile('feed description'),
  });
  return { feed, story };
}

describe('renderRss with hostile text', () => {
  it('stays well-formed and reads back the cleaned text of every field', async () => {
    const { feed, story } = aHostileFeed();
    const xml = renderRssString(feed);
    expect(await xmlProblems(xml)).toEqual([]);
    for (const [name, count] of [
      ['item', 1],
      ['enclosure', 1],
      ['media:content', 1],
      ['x', 0],
      ['y', 0],
    ] as const) {
      expect(countElements(xml, name), name).toBe(count);
    }
    const c = channel(xml);
    expect(text(kid(c, 'title'))).toBe(cleanText(feed.title));
    expect(text(kid(c, 'copyright'))).toBe(cleanText(hostile('copyright')));
    const item = kid(c, 'item');
    const image = story.images[0]!;
    expect(text(kid(item, 'title'))).toBe(cleanText(story.headline));
    expect(text(kid(item, 'link'))).toBe(cleanText(story.url));
    expect(text(kid(item, 'description'))).toBe(cleanText(story.summary!));
    expect(text(kid(item, 'content:encoded'))).toBe(cleanText(storyHtml(story)));
    expect(text(kid(item, 'content:encoded'))).toContain(
      `<p><strong>${escapeText(story.subheadline!)}</strong></p>`,
    );
    expect(texts(item, 'dc:creator')).toEqual([cleanText(hostile('author'))]);
    expect(texts(item, 'category')).toEqual([story.section, hostile('code'), hostile('tag')].map(cleanText));
    expect(kids(item, 'category')[1]?.['@domain']).toBe(cleanText(hostile('scheme')));
    expect(text(kid(item, 'guid'))).toBe(cleanText(storyTagUri(feed.site, story.id)));
    expect(texts(item, 'dc:language')).toEqual([cleanText(story.language)]);
    expect(texts(item, 'dc:source')).toEqual([cleanText(story.source!)]);
    expect(kid(item, 'enclosure')).toMatchObject({
      '@url': cleanText(image.url),
      '@type': cleanText(image.type!),
    });
    const content = kid(item, 'media:content');
    expect(text(kid(content, 'media:description'))).toBe(cleanText(image.caption));
    expect(printedLine(content)).toBe(cleanText(image.credit.line));
    expect(texts(content, 'media:copyright')).toEqual([cleanText(image.rights!)]);
  });

  it('round-trips any headline, summary, caption, credit and author name (property)', async () => {
    const fields = fc.record({
      headline: hostileString,
      summary: hostileString,
      caption: hostileString,
      line: hostileString,
      photographer: hostileString,
      author: hostileString,
    });
    const rendered: { input: unknown; xml: string }[] = [];
    fc.assert(
      fc.property(fields, (f) => {
        const image = anImage({ caption: f.caption, credit: { line: f.line, photographer: f.photographer } });
        const story = anArticle({
          headline: f.headline,
          summary: f.summary,
          authors: [{ name: f.author }],
          images: [image],
        });
        const xml = renderRssString(aFeed([story]));
        rendered.push({ input: f, xml });
        expect(countElements(xml, 'item')).toBe(1);
        const item = firstItem(xml);
        expect(text(kid(item, 'title'))).toBe(cleanText(f.headline));
        expect(text(kid(item, 'description'))).toBe(cleanText(f.summary));
        expect(texts(item, 'dc:creator')).toEqual([cleanText(f.author)]);
        const content = kid(item, 'media:content');
        expect(text(kid(content, 'media:description'))).toBe(cleanText(f.caption));
        expect(printedLine(content)).toBe(cleanText(f.line));
      }),
      { seed: 42, numRuns: 200 },
    );
    // Well-formedness of every rendered document, checked in one libxml2 run.
    const problems = await xmlProblemsEach(rendered.map((r) => r.xml));
    const failures = rendered.flatMap((r, i) =>
      problems[i]?.length ? [{ input: r.input, problems: problems[i] }] : [],
    );
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('renderRss against the W3C Feed Validation Service', () => {
  it('passes a realistic feed with no error and no warning', async () => {
    const { ok, output } = await validateFeed(renderRssString(aNewsroomFeed()));
    expect(output).toMatch(/RSS 0\.9x\/2\.0, 0 error\(s\), 0 warning\(s\)/);
    expect(ok).toBe(true);
  });
});
