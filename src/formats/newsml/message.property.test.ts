import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { anArticle, anImage, aWire } from '../../../test/builders.js';
import { type El, hostileString, kid, kids, parseXml, texts } from '../../../test/validate-feed.js';
import { checkNewsml } from '../../publish/check-newsml.js';
import type { Article } from '../../records/article.js';
import { cleanText } from '../shared/xml.js';
import { renderNewsMessage } from './index.js';
import { oneLine } from './item-meta.js';

const wire = aWire();

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), hostileString);

/** A story whose every free-text field, and its raw body HTML, is arbitrary. */
const anyStory: fc.Arbitrary<Article> = fc
  .record({
    headline: anyText,
    summary: anyText,
    caption: anyText,
    credit: anyText,
    byline: anyText,
    tag: anyText,
    scheme: anyText,
    code: anyText,
    text: anyText,
    html: anyText,
    status: fc.constantFrom('published', 'killed', 'embargoed'),
  })
  .map((r) =>
    anArticle({
      headline: r.headline,
      summary: r.summary,
      subheadline: r.summary,
      byline: r.byline,
      source: r.credit,
      rights: r.credit,
      tags: [
        { name: r.tag },
        { name: r.tag, scheme: r.scheme, code: r.code },
        { name: r.tag, scheme: 'http://cv.iptc.org/newscodes/mediatopic/', code: r.code },
      ],
      dateline: { city: r.tag, region: r.text, country: r.code },
      authors: [{ name: r.byline }],
      corrections: [{ date: 0, text: r.text }],
      version: 2,
      status: r.status as Article['status'],
      embargo: Date.parse('2026-10-03T00:00:00Z'),
      bodyHtml: `<p>${r.text}</p>${r.html}`,
      images: [
        anImage({ caption: r.caption, credit: { line: r.credit, photographer: r.byline, agency: r.tag } }),
      ],
    }),
  );

describe('renderNewsMessage with arbitrary text', () => {
  it('always writes schema-valid NewsML-G2 that reads back the text it was given', async () => {
    const docs: { name: string; text: string }[] = [];
    const inputs = new Map<string, Article>();
    fc.assert(
      fc.property(anyStory, (story) => {
        const xml = renderNewsMessage(story, wire);
        expect(XMLValidator.validate(xml)).toBe(true);
        const items = kids(kid(kid(parseXml(xml), 'newsMessage'), 'itemSet'), 'newsItem') as [El, El];
        expect(texts(kid(items[0], 'contentMeta'), 'headline')[0] ?? '').toBe(cleanText(story.headline));
        const credit = (story.images[0] as Article['images'][number]).credit.line;
        expect(texts(kid(items[1], 'contentMeta'), 'creditline')[0] ?? '').toBe(oneLine(credit));
        const name = `story${docs.length}`;
        docs.push({ name, text: xml });
        inputs.set(name, story);
      }),
      { seed: 42, numRuns: 100 },
    );
    // One xmllint run for the whole batch; a failure names the story that caused it.
    const problems = await checkNewsml(docs);
    const first = [...problems][0];
    expect(first && { problems: first[1], story: inputs.get(first[0]) }).toBeUndefined();
  });
});
