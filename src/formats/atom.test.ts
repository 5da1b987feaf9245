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
import { sanitizeBody } from '../records/body-html.js';
import { renderAtom, renderAtomString } from './atom.js';
import { storyHtml } from './shared/story-html.js';
import { cleanText } from './shared/xml.js';

const feedEl = (xml: string): El => kid(parseXml(xml), 'feed');
const firstEntry = (xml: string): El => kid(feedEl(xml), 'entry');

afterEach(() => {
  vi.useRealTimers();
});

describe('renderAtom', () => {
  it('declares the media namespace once, and only when an entry has images', () => {
    const xml = renderAtomString(aFeed([anArticle()]));
    expect(xml.split('xmlns:media=').length - 1).toBe(1);
    expect(feedEl(xml)).toMatchObject({ '@xmlns': 'http://www.w3.org/2005/Atom', '@xml:lang': 'en' });
    const bare = feedEl(renderAtomString(aFeed([anArticle({ images: [] })])));
    expect(Object.keys(bare).filter((k) => k.startsWith('@xmlns'))).toEqual(['@xmlns']);
  });

  it('writes the feed head from the feed and the site, dated by feed.updated and never the clock', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
    const feed = aFeed([anArticle()]);
    const xml = renderAtomString(feed);
    vi.setSystemTime(new Date('2040-06-01T12:00:00Z'));
    expect(renderAtomString(feed)).toBe(xml);

    const f = feedEl(xml);
    expect(text(kid(f, 'id'))).toBe('tag:meridianherald.example,2026:feed/main');
    expect(text(kid(f, 'title'))).toBe('The Meridian Herald');
    expect(text(kid(f, 'subtitle'))).toBe('News from Meridian and the world');
    expect(text(kid(f, 'updated'))).toBe('2026-10-02T08:00:00Z');
    expect(kids(f, 'link')).toEqual([
      {
        '@rel': 'self',
        '@type': 'application/atom+xml',
        '@href': 'https://meridianherald.example/feeds/atom.xml',
      },
      { '@rel': 'alternate', '@type': 'text/html', '@href': 'https://meridianherald.example/' },
    ]);
    expect(texts(kid(f, 'author'), 'name')).toEqual(['The Meridian Herald']);
    expect(texts(f, 'rights')).toEqual(['© 2026 The Meridian Herald']);
    expect(texts(f, 'logo')).toEqual(['https://meridianherald.example/logo.png']);
  });

  it('dates an empty feed at the tag URI date, since atom:updated is required and the clock is not ours', () => {
    expect(text(kid(feedEl(renderAtomString(aFeed([]))), 'updated'))).toBe('2026-01-01T00:00:00Z');
    const site = aSite({ tagDate: '2019-04-15' });
    expect(text(kid(feedEl(renderAtomString(aFeed([], { site }))), 'updated'))).toBe('2019-04-15T00:00:00Z');
  });

  it('yields the head, one chunk per story and the tail', () => {
    const feed = aFeed([anArticle({ id: 'a' }), anArticle({ id: 'b' })]);
    const chunks = [...renderAtom(feed)];
    expect(chunks).toHaveLength(4);
    expect(chunks[0]?.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed ')).toBe(true);
    expect(chunks[2]).toContain('story/b</id>');
    expect(chunks.join('')).toBe(renderAtomString(feed));
  });

  it('takes the entry id from the record id; a correction moves updated only', () => {
    const before = firstEntry(renderAtomString(aFeed([anArticle()])));
    const corrected = anArticle({
      headline: 'Tunnel vote: a correction',
      url: 'https://x.example/y',
      version: 2,
      updated: Date.parse('2026-10-03T09:00:00Z'),
    });
    const after = firstEntry(renderAtomString(aFeed([corrected])));
    expect(text(kid(before, 'id'))).toBe('tag:meridianherald.example,2026:story/harbour-tunnel-vote');
    expect(text(kid(after, 'id'))).toBe(text(kid(before, 'id')));
    expect(text(kid(after, 'published'))).toBe('2026-10-02T08:00:00Z');
    expect(text(kid(after, 'updated'))).toBe('2026-10-03T09:00:00Z');
  });

  it('maps the story fields to entry elements', () => {
    const story = anArticle({
      authors: [
        { name: 'Jane Roe', email: 'jane@x.example', url: 'https://x.example/jane' },
        { name: 'Ali Reza' },
      ],
      source: 'Reuters',
      rights: '© Reuters',
      corrections: [{ date: Date.parse('2026-10-03T09:00:00Z'), text: 'Fixed the count.' }],
    });
    const entry = firstEntry(renderAtomString(aFeed([story])));
    expect(text(kid(entry, 'title'))).toBe(story.headline);
    expect(kids(entry, 'link')[0]).toEqual({ '@rel': 'alternate', '@type': 'text/html', '@href': story.url });
    expect(kids(entry, 'author').map((a) => [texts(a, 'name'), texts(a, 'email'), texts(a, 'uri')])).toEqual([
      [['Jane Roe'], ['jane@x.example'], ['https://x.example/jane']],
      [['Ali Reza'], [], []],
    ]);
    expect(texts(kid(entry, 'contributor'), 'name')).toEqual(['Reuters']);
    expect(kids(entry, 'category')).toEqual([
      { '@term': 'local' },
      { '@term': 'Transport' },
      {
        '@term': 'medtop:04000000',
        '@scheme': 'http://cv.iptc.org/newscodes/mediatopic/',
        '@label': 'Economy',
      },
    ]);
    expect(kid(entry, 'summary')).toEqual({ '#text': story.summary, '@type': 'text' });
    const content = kid(entry, 'content');
    expect(content['@type']).toBe('html');
    expect(text(content)).toBe(storyHtml(story));
    expect(text(content)).toContain('Fixed the count.');
    expect(texts(entry, 'rights')).toEqual(['© Reuters']);
    expect(entry['@xml:lang']).toBeUndefined();
  });

  it('gives the byline as the one author, and relies on the feed author when there is none', () => {
    const byline = firstEntry(renderAtomString(aFeed([anArticle({ authors: [], byline: 'By Jane Roe' })])));
    expect(kids(byline, 'author').map((a) => texts(a, 'name'))).toEqual([['By Jane Roe']]);
    const xml = renderAtomString(aFeed([anArticle({ authors: [] })]));
    expect(kids(firstEntry(xml), 'author')).toEqual([]);
    expect(kids(feedEl(xml), 'author')).toHaveLength(1);
  });

  it('links every image as an enclosure and describes it with Media RSS', () => {
    const second = anImage({
      url: 'https://img.example/b.jpg',
      type: undefined,
      length: undefined,
      credit: { line: 'Staff' },
    });
    const entry = firstEntry(renderAtomString(aFeed([anArticle({ images: [anImage(), second] })])));
    expect(kids(entry, 'link').filter((l) => l['@rel'] === 'enclosure')).toEqual([
      {
        '@rel': 'enclosure',
        '@type': 'image/jpeg',
        '@length': '184233',
        '@href': 'https://images.meridianherald.example/2026/harbour.jpg',
      },
      { '@rel': 'enclosure', '@href': 'https://img.example/b.jpg' },
    ]);
    const [lead, other] = kids(entry, 'media:content') as [El, El];
    expect(texts(lead, 'media:description')).toEqual(['Ferries wait at the north pier.']);
    expect(kids(lead, 'media:credit').map((c) => c['@role'])).toEqual([
      'photographer',
      'production company',
      'distribution company',
    ]);
    expect(kids(other, 'media:credit')).toEqual([{ '#text': 'Staff' }]);
  });

  it('marks xml:lang on an entry only when the story language differs, and keeps RTL/CJK text', () => {
    const arabic = anArticle({ id: 'ar', headline: 'مرفأ بيروت يعيد فتح أرصفته', language: 'ar' });
    const japanese = anArticle({ id: 'ja', headline: '東京の新線が開業', language: 'ja' });
    const [ar, ja] = kids(feedEl(renderAtomString(aFeed([arabic, japanese]))), 'entry') as [El, El];
    expect(ar['@xml:lang']).toBe('ar');
    expect(text(kid(ar, 'title'))).toBe('مرفأ بيروت يعيد فتح أرصفته');
    expect(ja['@xml:lang']).toBe('ja');
    expect(text(kid(ja, 'title'))).toBe('東京の新線が開業');
  });
});

describe('renderAtom with hostile text', () => {
  it('stays well-formed and reads back the cleaned text of every field', async () => {
    const story = anArticle({
      headline: hostile('headline'),
      summary: hostile('summary'),
      subheadline: hostile('subheadline'),
      bodyHtml: sanitizeBody(`<p>${hostile('body')}</p>`, 'https://meridianherald.example/x'),
      url: hostile('url'),
      authors: [{ name: hostile('author'), email: hostile('email'), url: hostile('uri') }],
      source: hostile('source'),
      section: hostile('section'),
      tags: [{ name: hostile('tag'), scheme: hostile('scheme'), code: hostile('code') }],
      language: hostile('language'),
      rights: hostile('rights'),
      images: [
        anImage({
          url: hostile('image'),
          type: hostile('type'),
          caption: hostile('caption'),
          credit: { line: hostile('line') },
        }),
      ],
    });
    const site = aSite({
      title: hostile('site'),
      language: hostile('site language'),
      logoUrl: hostile('logo'),
    });
    const feed = aFeed([story], { site, key: hostile('key'), title: hostile('title') });
    const xml = renderAtomString(feed);
    expect(await xmlProblems(xml)).toEqual([]);
    for (const [name, count] of [
      ['entry', 1],
      ['media:content', 1],
      ['author', 2],
      ['x', 0],
      ['y', 0],
    ] as const) {
      expect(countElements(xml, name), name).toBe(count);
    }
    const f = feedEl(xml);
    expect(f['@xml:lang']).toBe(cleanText(hostile('site language')));
    expect(text(kid(f, 'title'))).toBe(cleanText(hostile('title')));
    const entry = kid(f, 'entry');
    expect(entry['@xml:lang']).toBe(cleanText(story.language));
    expect(text(kid(entry, 'title'))).toBe(cleanText(story.headline));
    expect(text(kid(entry, 'summary'))).toBe(cleanText(story.summary!));
    expect(text(kid(entry, 'content'))).toBe(cleanText(storyHtml(story)));
    expect(kids(entry, 'link')[0]?.['@href']).toBe(cleanText(story.url));
    expect(texts(kid(entry, 'author'), 'email')).toEqual([cleanText(hostile('email'))]);
    expect(kids(entry, 'category')[1]).toEqual({
      '@term': cleanText(hostile('code')),
      '@scheme': cleanText(hostile('scheme')),
      '@label': cleanText(hostile('tag')),
    });
    const media = kid(entry, 'media:content');
    expect(media['@type']).toBe(cleanText(hostile('type')));
    expect(texts(media, 'media:credit')).toEqual([cleanText(hostile('line'))]);
  });

  it('round-trips any headline, summary, caption, credit and author name (property)', async () => {
    const fields = fc.record({
      headline: hostileString,
      summary: hostileString,
      caption: hostileString,
      line: hostileString,
      agency: hostileString,
      author: hostileString,
    });
    const rendered: { input: unknown; xml: string }[] = [];
    fc.assert(
      fc.property(fields, (f) => {
        const image = anImage({ caption: f.caption, credit: { line: f.line, agency: f.agency } });
        const story = anArticle({
          headline: f.headline,
          summary: f.summary,
          authors: [{ name: f.author }],
          images: [image],
        });
        const xml = renderAtomString(aFeed([story]));
        rendered.push({ input: f, xml });
        expect(countElements(xml, 'entry')).toBe(1);
        const entry = firstEntry(xml);
        expect(text(kid(entry, 'title'))).toBe(cleanText(f.headline));
        expect(text(kid(entry, 'summary'))).toBe(cleanText(f.summary));
        expect(texts(kid(entry, 'author'), 'name')).toEqual([cleanText(f.author)]);
        const media = kid(entry, 'media:content');
        expect(text(kid(media, 'media:description'))).toBe(cleanText(f.caption));
        expect(printedLine(media)).toBe(cleanText(f.line));
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

describe('renderAtom against the W3C Feed Validation Service', () => {
  it('passes a realistic feed with no error and no warning', async () => {
    const { ok, output } = await validateFeed(renderAtomString(aNewsroomFeed()));
    expect(output).toMatch(/Atom 1\.0, 0 error\(s\), 0 warning\(s\)/);
    expect(ok).toBe(true);
  });
});
