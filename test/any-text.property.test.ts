import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderAtomString } from '../src/formats/atom.js';
import { renderJsonFeedString } from '../src/formats/jsonfeed.js';
import { renderNewsMessage } from '../src/formats/newsml/index.js';
import { renderRssString } from '../src/formats/rss.js';
import { checkJsonFeed } from '../src/publish/check-json-feed.js';
import { checkNewsml } from '../src/publish/check-newsml.js';
import { checkXmlWellFormed } from '../src/publish/check-xml.js';
import type { Article } from '../src/records/article.js';
import { renderMarkdown } from '../src/records/markdown-body.js';
import { normaliseRecord } from '../src/records/normalise-record.js';
import { aFeed, aWire } from './builders.js';
import { hostileString } from './validate-feed.js';

// The whole path, from a raw record with arbitrary text in every text field to every
// format: whatever a CMS sends, the output is well-formed, valid, and carries the cleaned text.

const record = fc.record({
  headline: hostileString.map((s) => `H ${s}`),
  subheadline: hostileString,
  summary: hostileString,
  body: hostileString.map((s) => `<p>${s}</p><blockquote>${s}</blockquote>`),
  byline: hostileString,
  source: hostileString,
  rights: hostileString,
  author: hostileString.map((s) => `A ${s}`),
  tag: hostileString.map((s) => `T ${s}`),
  city: hostileString,
  caption: hostileString.map((s) => `C ${s}`),
  credit: hostileString.map((s) => `P ${s.replaceAll('/', '')}/Agency`),
  correction: hostileString.map((s) => `K ${s}`),
});

type RawText = typeof record extends fc.Arbitrary<infer T> ? T : never;

function toArticle(r: RawText, i: number): Article {
  const raw = {
    id: `story-${i}`,
    headline: r.headline,
    subheadline: r.subheadline,
    summary: r.summary,
    body: r.body,
    byline: r.byline,
    source: r.source,
    rights: r.rights,
    url: `/world/story-${i}`,
    published: '2026-10-02T08:00:00Z',
    updated: '2026-10-03T08:00:00Z',
    version: 2,
    section: 'world',
    authors: [{ name: r.author }],
    tags: [r.tag],
    dateline: { city: r.city },
    corrections: [{ date: '2026-10-03T08:00:00Z', text: r.correction }],
    images: [
      {
        url: 'https://images.example/a.jpg',
        caption: r.caption,
        credit: r.credit,
        type: 'image/jpeg',
        length: 10,
      },
    ],
  };
  const ctx = {
    baseUrl: 'https://meridianherald.example/',
    language: 'en',
    maxBodyBytes: 1e6,
    bodyIsMarkdown: false,
    renderMarkdown,
  };
  const { article, errors } = normaliseRecord(raw, `content/world/story-${i}.json`, ctx);
  expect(errors).toEqual([]);
  return article as Article;
}

const WIRE = aWire();

describe('arbitrary text in any record field', () => {
  it('gives well-formed RSS and Atom, valid JSON Feed and NewsML-G2, with the cleaned text read back', async () => {
    const samples = fc.sample(record, { seed: 20261126, numRuns: 60 });
    const articles = samples.map(toArticle);
    const feed = aFeed(articles);
    const rss = renderRssString(feed);
    const atom = renderAtomString(feed);
    expect(
      await checkXmlWellFormed([
        { name: 'rss', text: rss },
        { name: 'atom', text: atom },
      ]),
    ).toEqual(new Map());
    expect(checkJsonFeed(renderJsonFeedString(feed))).toEqual([]);
    const messages = articles.map((a) => ({ name: a.id, text: renderNewsMessage(a, WIRE) }));
    expect(await checkNewsml(messages)).toEqual(new Map());

    const parser = new XMLParser({
      ignoreAttributes: false,
      parseTagValue: false,
      trimValues: false,
      processEntities: true,
      htmlEntities: false,
    });
    const items = parser.parse(rss).rss.channel.item as Record<string, unknown>[];
    const title = (v: unknown) =>
      typeof v === 'object' && v !== null ? (v as Record<string, string>)['#text'] : v;
    expect(items.map((i) => String(title(i.title) ?? ''))).toEqual(articles.map((a) => a.headline));
    const json = JSON.parse(renderJsonFeedString(feed));
    expect(json.items.map((i: { title: string }) => i.title)).toEqual(articles.map((a) => a.headline));
  });
});
