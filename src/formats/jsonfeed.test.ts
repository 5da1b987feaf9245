import { afterEach, describe, expect, it, vi } from 'vitest';
import { aFeed, anArticle, anImage, aSite } from '../../test/builders.js';
import { sanitizeBody } from '../records/body-html.js';
import type { FeedView } from './feed-view.js';
import {
  JSON_FEED_VERSION,
  renderJsonFeed,
  renderJsonFeedString,
  SYNDICATE_EXTENSION_ABOUT,
} from './jsonfeed.js';
import { storyLead } from './shared/story-html.js';

// Structure first: every assertion reads the parsed JSON, never the raw text layout.
// Schema validity of the output is checked in publish/check-json-feed.test.ts (publish may
// import formats, not the other way round).

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON is probed field by field
type Json = any;

function render(feed: FeedView): Json {
  return JSON.parse(renderJsonFeedString(feed));
}

function firstItem(...args: Parameters<typeof anArticle>): Json {
  return render(aFeed([anArticle(...args)])).items[0];
}

afterEach(() => {
  vi.useRealTimers();
});

describe('JSON Feed 1.1 top level', () => {
  it('describes the feed from the site and its links, with no feed-level authors', () => {
    const feed = render(aFeed([anArticle()]));
    expect(feed).toMatchObject({
      version: JSON_FEED_VERSION,
      title: 'The Meridian Herald',
      home_page_url: 'https://meridianherald.example/',
      feed_url: 'https://meridianherald.example/feeds/feed.json',
      description: 'News from Meridian and the world',
      icon: 'https://meridianherald.example/logo.png',
      favicon: 'https://meridianherald.example/logo.png',
      language: 'en',
    });
    expect(feed.authors).toBeUndefined();
    expect(Object.keys(feed)[0]).toBe('version');
  });

  it('carries the feed updated time and copyright in _syndicate, with its about', () => {
    const late = anArticle({ id: 'late', updated: Date.parse('2026-10-03T09:30:00.250Z') });
    const feed = render(aFeed([late, anArticle()]));
    expect(feed._syndicate).toEqual({
      about: SYNDICATE_EXTENSION_ABOUT,
      updated: '2026-10-03T09:30:00.250Z',
      rights: '© 2026 The Meridian Herald',
    });
  });

  it('renders an empty feed as valid JSON with no items and no updated time', () => {
    const feed = render(aFeed([], { site: aSite({ logoUrl: undefined, copyright: undefined }) }));
    expect(feed.items).toEqual([]);
    expect(feed._syndicate).toEqual({ about: SYNDICATE_EXTENSION_ABOUT });
    expect(feed.icon).toBeUndefined();
  });
});

describe('JSON Feed 1.1 items', () => {
  it('takes the id from the record id, stable across headline, URL and version changes', () => {
    const before = firstItem({ id: 'harbour-tunnel-vote' });
    const after = firstItem({
      id: 'harbour-tunnel-vote',
      headline: 'Council backs harbour tunnel (corrected)',
      url: 'https://meridianherald.example/local/moved',
      version: 3,
      updated: Date.parse('2026-10-04T10:00:00Z'),
      corrections: [{ date: Date.parse('2026-10-04T10:00:00Z'), text: 'The vote was 31–20.' }],
    });
    expect(before.id).toBe('tag:meridianherald.example,2026:story/harbour-tunnel-vote');
    expect(after.id).toBe(before.id);
    expect(after.date_modified).toBe('2026-10-04T10:00:00Z');
    expect(after._syndicate.version).toBe(3);
  });

  it('maps the record fields to their JSON Feed names', () => {
    const item = firstItem({ updated: Date.parse('2026-10-02T09:15:00+01:00') });
    expect(item).toMatchObject({
      url: 'https://meridianherald.example/local/harbour-tunnel-vote',
      title: 'Council backs harbour tunnel after late-night vote',
      summary: 'Meridian’s council voted 31–20 for the tunnel.',
      image: 'https://images.meridianherald.example/2026/harbour.jpg',
      date_published: '2026-10-02T08:00:00Z',
      date_modified: '2026-10-02T08:15:00Z',
      tags: ['local', 'Transport', 'Economy'],
    });
    expect(item.language).toBeUndefined();
  });

  it('builds content_html from the dated corrections, escaped deck and dateline, then the body', () => {
    const story = anArticle({
      subheadline: 'Costs <b>rise</b> & "fall"',
      corrections: [
        { date: Date.parse('2026-10-03T23:30:00-02:00'), text: 'An earlier version said 30 <votes>.' },
      ],
      dateline: { city: 'Meridian', country: 'Northland', lat: 1.5 },
      bodyHtml: '<p>Body &amp; soul.</p>',
    });
    const item = render(aFeed([story])).items[0];
    expect(item.content_html).toBe(
      '<aside class="corrections"><p><strong>Correction, <time datetime="2026-10-04T01:30:00Z">2026-10-04</time>:</strong>' +
        ' An earlier version said 30 &lt;votes&gt;.</p></aside>' +
        '<p><strong>Costs &lt;b&gt;rise&lt;/b&gt; &amp; "fall"</strong></p>' +
        '<p class="dateline">Meridian, Northland</p>' +
        '<p>Body &amp; soul.</p>',
    );
    // Every format carries the same story HTML.
    expect(item.content_html).toBe(storyLead(story) + story.bodyHtml);
    expect(item._syndicate.corrections).toEqual([
      { date: '2026-10-04T01:30:00Z', text: 'An earlier version said 30 <votes>.' },
    ]);
    expect(item._syndicate.dateline).toEqual({ city: 'Meridian', country: 'Northland', lat: 1.5 });
  });

  it('uses the deck as summary when the record has none, as RSS does', () => {
    expect(firstItem({ summary: undefined }).summary).toBe(
      'The €1.2bn crossing still needs national approval',
    );
    expect(firstItem({ summary: undefined, subheadline: undefined }).summary).toBeUndefined();
  });

  it('names authors without their email, and falls back to the byline', () => {
    const withAuthors = firstItem({
      authors: [
        { name: 'Jane Roe', email: 'jane.roe@meridianherald.example' },
        { name: 'Sam Poe', url: 'https://meridianherald.example/staff/sam-poe' },
      ],
    });
    expect(withAuthors.authors).toEqual([
      { name: 'Jane Roe' },
      { name: 'Sam Poe', url: 'https://meridianherald.example/staff/sam-poe' },
    ]);
    expect(renderJsonFeedString(aFeed([anArticle()]))).not.toContain('@meridianherald.example');
    const wire = firstItem({ authors: [], byline: 'By Ana Diaz, Reuters', source: 'Reuters' });
    expect(wire.authors).toEqual([{ name: 'By Ana Diaz, Reuters' }]);
    expect(wire._syndicate).toMatchObject({ byline: 'By Ana Diaz, Reuters', source: 'Reuters' });
  });

  it('deduplicates tags across section and tag names', () => {
    const item = firstItem({
      section: 'economy',
      tags: [{ name: 'economy' }, { name: 'Ports' }, { name: 'Ports' }],
    });
    expect(item.tags).toEqual(['economy', 'Ports']);
  });

  it('makes one attachment per typed image, with mime_type, size and the caption as title', () => {
    const item = firstItem({
      images: [
        anImage(),
        anImage({
          url: 'https://img.example/b.webp',
          type: 'image/webp',
          length: undefined,
          caption: 'A map.',
        }),
      ],
    });
    expect(item.attachments).toEqual([
      {
        url: 'https://images.meridianherald.example/2026/harbour.jpg',
        mime_type: 'image/jpeg',
        title: 'Ferries wait at the north pier.',
        size_in_bytes: 184233,
      },
      { url: 'https://img.example/b.webp', mime_type: 'image/webp', title: 'A map.' },
    ]);
  });

  it('leaves an image of unknown type out of attachments but keeps it in _syndicate.images', () => {
    const item = firstItem({ images: [anImage({ url: 'https://img.example/a', type: undefined })] });
    expect(item.attachments).toBeUndefined();
    expect(item.image).toBe('https://img.example/a');
    expect(item._syndicate.images.map((i: Json) => i.url)).toEqual(['https://img.example/a']);
  });

  it('gives no title to attachments sharing a caption, which JSON Feed would read as alternates', () => {
    const item = firstItem({ images: [anImage(), anImage({ url: 'https://img.example/2.jpg' })] });
    expect(item.attachments.map((a: Json) => a.title)).toEqual([undefined, undefined]);
  });

  it('keeps captions and credits verbatim in the _syndicate extension', () => {
    const image = anImage({
      caption: 'Ferries at dawn — “the first in weeks”, 5 < 6 & 7 > 2',
      alt: 'Two ferries',
      credit: {
        line: 'Ilse Marren/Coastline Photo/Northlight Images',
        photographer: 'Ilse Marren',
        agency: 'Coastline Photo',
      },
    });
    expect(firstItem({ images: [image] })._syndicate.images).toEqual([
      {
        url: 'https://images.meridianherald.example/2026/harbour.jpg',
        caption: 'Ferries at dawn — “the first in weeks”, 5 < 6 & 7 > 2',
        alt: 'Two ferries',
        credit: {
          line: 'Ilse Marren/Coastline Photo/Northlight Images',
          photographer: 'Ilse Marren',
          agency: 'Coastline Photo',
        },
        width: 1600,
        height: 1067,
        rights: '© 2026 Northlight Images',
      },
    ]);
  });

  it('keeps right-to-left and CJK text intact and marks an item language that differs', () => {
    const arabic = anArticle({ id: 'ar', headline: 'المجلس يوافق على نفق الميناء', language: 'ar' });
    const chinese = anArticle({
      id: 'zh',
      headline: '議會通過港口隧道',
      summary: '投票結果：31比20。',
      language: 'zh-Hant',
    });
    const [ar, zh] = render(aFeed([arabic, chinese])).items;
    expect(ar).toMatchObject({ title: 'المجلس يوافق على نفق الميناء', language: 'ar' });
    expect(zh).toMatchObject({
      title: '議會通過港口隧道',
      summary: '投票結果：31比20。',
      language: 'zh-Hant',
    });
  });

  it('removes characters XML forbids from text, as the other formats do', () => {
    const item = firstItem({
      headline: 'Vote\u0000 \u0008count\uD800ed\r\nagain',
      bodyHtml: sanitizeBody('<p>a&#1;\u0001b\uFFFE</p>', 'https://meridianherald.example/x'),
    });
    expect(item.title).toBe('Vote counted\nagain');
    expect(item.content_html.endsWith('<p>ab</p>')).toBe(true);
  });

  it('renders what it is given: selecting drafts, embargoes and kills is not its job', () => {
    const feed = render(
      aFeed([
        anArticle({ id: 'd', status: 'draft' }),
        anArticle({ id: 'k', status: 'killed', bodyHtml: '' }),
      ]),
    );
    expect(feed.items.map((i: Json) => i.id)).toEqual([
      'tag:meridianherald.example,2026:story/d',
      'tag:meridianherald.example,2026:story/k',
    ]);
  });
});

describe('JSON Feed output bytes', () => {
  it('yields the head, one chunk per item and the tail, which join to the string form', () => {
    const feed = aFeed([anArticle({ id: 'a' }), anArticle({ id: 'b' }), anArticle({ id: 'c' })]);
    const chunks = [...renderJsonFeed(feed)];
    expect(chunks).toHaveLength(5);
    expect(chunks.join('')).toBe(renderJsonFeedString(feed));
    expect(chunks.slice(2, 4).every((c) => c.startsWith(',\n{'))).toBe(true);
  });

  it('gives the same bytes for the same input, whatever the clock says', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2031-05-05T05:05:05Z'));
    const first = renderJsonFeedString(aFeed([anArticle(), anArticle({ id: 'b' })]));
    vi.setSystemTime(new Date('2042-07-07T07:07:07Z'));
    const second = renderJsonFeedString(aFeed([anArticle(), anArticle({ id: 'b' })]));
    expect(second).toBe(first);
    expect(first).not.toMatch(/2031|2042/);
  });
});
