import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aFeed, anArticle, anImage } from '../../test/builders.js';
import { renderJsonFeedString } from '../formats/jsonfeed.js';
import { cleanText } from '../formats/shared/xml.js';
import { checkJsonFeed, checkJsonFeedItem } from './check-json-feed.js';

// biome-ignore lint/suspicious/noExplicitAny: feeds are edited as parsed JSON to break them
type Json = any;

/** A valid feed from the writer, parsed so a test can break one thing in it. */
function aValidFeed(): Json {
  const story = anArticle({
    corrections: [{ date: Date.parse('2026-10-03T08:00:00Z'), text: 'Fixed the vote count.' }],
    dateline: { city: 'Meridian' },
    images: [anImage(), anImage({ url: 'https://img.example/2.png', type: 'image/png', caption: 'A map.' })],
  });
  return JSON.parse(renderJsonFeedString(aFeed([story, anArticle({ id: 'second', images: [] })])));
}

function check(feed: Json): string[] {
  return checkJsonFeed(JSON.stringify(feed));
}

describe('checkJsonFeed accepts', () => {
  it("the writer's output, extensions included", () => {
    const text = renderJsonFeedString(aFeed([anArticle(), anArticle({ id: 'b', language: 'ar' })]));
    expect(checkJsonFeed(text)).toEqual([]);
    expect(check(aValidFeed())).toEqual([]);
    expect(checkJsonFeed(renderJsonFeedString(aFeed([])))).toEqual([]);
  });

  it('extensions anywhere, deprecated 1.0 fields, content_text instead of content_html', () => {
    const feed = aValidFeed();
    feed._blue_shed = { about: 'https://blueshed-podcasts.example/docs', explicit: false };
    feed.items[0].attachments[0]._cdn = { region: 'eu' };
    feed.items[0].authors[0]._staff = { desk: 'local' };
    feed.items[1].author = { name: 'Jane Roe' };
    feed.hubs = [{ type: 'WebSub', url: 'https://hub.example/', _x: {} }];
    delete feed.items[1].content_html;
    feed.items[1].content_text = 'Plain text.';
    expect(check(feed)).toEqual([]);
  });
});

describe('checkJsonFeed rejects, naming the place', () => {
  it('an attachment without mime_type', () => {
    const feed = aValidFeed();
    delete feed.items[0].attachments[1].mime_type;
    expect(check(feed)).toEqual(['items[0].attachments[1].mime_type: required']);
  });

  it('a wrong version, a bad date and a relative URL', () => {
    const feed = aValidFeed();
    feed.version = 'https://jsonfeed.org/version/1';
    feed.items[1].date_modified = '2026-10-02 08:00';
    feed.items[0].image = '/images/harbour.jpg';
    expect(check(feed)).toEqual([
      'version: must be "https://jsonfeed.org/version/1.1"',
      'items[0].image: must be an absolute URI',
      'items[1].date_modified: must be an RFC 3339 date-time with a time zone',
    ]);
  });

  it('unknown keys at the top and in items, which catches typos', () => {
    const feed = aValidFeed();
    feed.titel = 'x';
    feed.items[1].sumary = 'x';
    expect(check(feed)).toEqual([
      'titel: unknown key (extensions start with "_" and a letter)',
      'items[1].sumary: unknown key (extensions start with "_" and a letter)',
    ]);
  });

  it('missing required members, once per rule', () => {
    const feed = aValidFeed();
    delete feed.title;
    delete feed.items[0].id;
    delete feed.items[1].content_html;
    feed.items[0].authors.push({});
    expect(check(feed).sort()).toEqual([
      'items[0].authors[1]: needs at least one of name, url, avatar',
      'items[0].id: required',
      'items[1]: needs at least one of content_html, content_text',
      'title: required',
    ]);
  });

  it('malformed extensions', () => {
    const feed = aValidFeed();
    feed._1x = {};
    feed['_a.b'] = {};
    feed._flag = true;
    feed.items[0]._syndicate._inner = 1;
    expect(check(feed).sort()).toEqual([
      '["_a.b"]: unknown key (extensions start with "_" and a letter)',
      '_1x: unknown key (extensions start with "_" and a letter)',
      '_flag: must be object',
      'items[0]._syndicate._inner: extension members contain no "." and do not start with "_"',
    ]);
  });

  it('text that is not JSON, or not a feed', () => {
    expect(checkJsonFeed('{"version": ')[0]).toMatch(/^not valid JSON: /);
    expect(checkJsonFeed('[]')).toEqual(['(feed): must be object']);
  });

  it('lone surrogates, escaped or raw', () => {
    const text = renderJsonFeedString(aFeed([anArticle()]));
    const escaped = text.replace('"title":"Council', '"title":"\\ud800Council');
    expect(checkJsonFeed(escaped)).toEqual(['items[0].title: lone surrogate']);
    const raw = text.replace('"summary":"Meridian', '"summary":"\uDC00Meridian');
    expect(checkJsonFeed(raw)).toEqual(['items[0].summary: lone surrogate']);
  });

  it('lone surrogates in one item, in any escape spelling, and a whole pair is no lone one', () => {
    const item = JSON.stringify({ id: 'a', content_text: 'x', title: 'T', tags: ['k'] });
    expect(checkJsonFeedItem(item)).toEqual([]);
    expect(checkJsonFeedItem(item.replace('"T"', '"\\uDBFFT"'))).toEqual(['item.title: lone surrogate']);
    expect(checkJsonFeedItem(item.replace('"k"', '"k\\udc0A"'))).toEqual(['item.tags[0]: lone surrogate']);
    expect(checkJsonFeedItem(item.replace('"T"', '"\\uD83D\\uDE00"'))).toEqual([]);
    // An escaped backslash before `u` is no escape of a code unit.
    expect(checkJsonFeedItem(item.replace('"T"', '"\\\\ud800"'))).toEqual([]);
  });
});

describe('writer and checker together', () => {
  // Any UTF-16 code unit (lone surrogates and controls included) plus whole code points and
  // characters that JSON or HTML treat specially.
  const unit = fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.constantFrom(
      '\uD800',
      '\uDFFF',
      '\u0000',
      '\r\n',
      '\r',
      '\u2028',
      '"',
      '\\',
      '</script>',
      '&amp;',
      '\uFFFE',
    ),
  );
  const text = fc.string({ unit, maxLength: 40 });

  it('arbitrary headline, summary, caption and credit give a valid feed that reads back cleaned', () => {
    fc.assert(
      fc.property(text, text, text, text, (headline, summary, caption, creditLine) => {
        const image = anImage({
          caption,
          alt: caption,
          credit: { line: creditLine, photographer: creditLine },
        });
        const json = renderJsonFeedString(
          aFeed([anArticle({ headline, summary, subheadline: headline, images: [image] })]),
        );
        expect(checkJsonFeed(json)).toEqual([]);
        const item = JSON.parse(json).items[0];
        expect(item.title).toBe(cleanText(headline));
        expect(item.summary).toBe(cleanText(summary));
        const facts = item._syndicate.images[0];
        expect(facts.caption).toBe(cleanText(caption));
        expect(facts.credit).toEqual({ line: cleanText(creditLine), photographer: cleanText(creditLine) });
        expect(item.attachments[0].title).toBe(cleanText(caption) || undefined);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
