import { describe, expect, it } from 'vitest';
import { anArticle, anImage, aWire as wireSite } from '../../../test/builders.js';
import { type El, kid, kids, parseXml, texts } from '../../../test/validate-feed.js';
import { newsmlIndexEntry, renderNewsMessage, type WireSite } from './index.js';

// newsml-g2.md, Identity, versions, lifecycle: what partners key updates, corrections, kills
// and embargoes on.

const aWire = (o: Partial<WireSite> = {}): WireSite => wireSite({ earlyEmbargoDelivery: true, ...o });
const at = Date.parse;
const itemSet = (xml: string): El => kid(kid(parseXml(xml), 'newsMessage'), 'itemSet');
/** The package, the text and the pictures. */
const allItems = (xml: string): El[] => [kid(itemSet(xml), 'packageItem'), ...kids(itemSet(xml), 'newsItem')];
const itemMeta = (item: El): El => kid(item, 'itemMeta');
const textItem = (xml: string): El => kids(itemSet(xml), 'newsItem')[0] as El;
const itemRefs = (xml: string): El[] =>
  kids(kid(kid(itemSet(xml), 'packageItem'), 'groupSet'), 'group').flatMap((g) => kids(g, 'itemRef'));

describe('NewsML-G2 lifecycle', () => {
  it('signals a correction with the newest correction as its note, on a higher version', () => {
    const story = anArticle({
      version: 3,
      updated: at('2026-10-03T09:00:00Z'),
      corrections: [
        { date: at('2026-10-02T12:00:00Z'), text: 'An earlier version misstated the vote.' },
        { date: at('2026-10-03T09:00:00Z'), text: 'An earlier version misspelt Ms Roe’s name.' },
      ],
    });
    const item = textItem(renderNewsMessage(story, aWire()));
    expect(item['@version']).toBe('3');
    expect(kids(itemMeta(item), 'signal').map((s) => s['@qcode'])).toEqual(['sig:correction']);
    expect(texts(itemMeta(item), 'edNote')).toEqual(['An earlier version misspelt Ms Roe’s name.']);
  });

  it('signals a later version without corrections as an update, and a first version not at all', () => {
    const update = textItem(renderNewsMessage(anArticle({ version: 2 }), aWire()));
    expect(kids(itemMeta(update), 'signal').map((s) => s['@qcode'])).toEqual(['sig:update']);
    const first = renderNewsMessage(anArticle({ corrections: [{ date: 0, text: 'x' }] }), aWire());
    expect(first).not.toContain('<signal');
    expect(first).not.toContain('<edNote');
  });

  it('cancels a killed story on every item, the package too, at a version above any usable one', () => {
    const story = anArticle({
      status: 'killed',
      version: 4,
      bodyHtml: '',
      images: [anImage(), anImage({ url: 'https://img.example/2.jpg' })],
    });
    const xml = renderNewsMessage(story, aWire());
    const items = allItems(xml);
    expect(items).toHaveLength(4);
    for (const item of items) {
      expect(kid(itemMeta(item), 'pubStatus')['@qcode']).toBe('stat:canceled');
      expect(item['@version']).toBe('5');
      expect(texts(itemMeta(item), 'edNote')[0]).toMatch(/^WITHDRAWN/);
      expect(kids(itemMeta(item), 'signal')).toEqual([]);
    }
    for (const ref of itemRefs(xml)) {
      expect([ref['@version'], kid(ref, 'pubStatus')['@qcode']]).toEqual(['5', 'stat:canceled']);
    }
    // A kill keeps a contentSet (ingest ignores a cancellation without one), with the content dropped.
    const [, text, ...photos] = items;
    expect(texts(kid(kid(kid(kid(text as El, 'contentSet'), 'inlineXML'), 'html'), 'body'), 'p')).toEqual([
      'This story has been withdrawn.',
    ]);
    for (const photo of photos) expect(kids(kid(photo, 'contentSet'), 'remoteContent')).toEqual([]);
    expect(newsmlIndexEntry(story, aWire(), 'newsml/x.xml')).toMatchObject({
      version: 5,
      pubStatus: 'stat:canceled',
    });
  });

  it('marks every item of an embargoed story, its photos and package with the instant, in UTC', () => {
    const story = anArticle({ status: 'embargoed', embargo: at('2026-10-03T06:00:00+02:00') });
    const items = allItems(renderNewsMessage(story, aWire()));
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(texts(itemMeta(item), 'embargoed')).toEqual(['2026-10-03T04:00:00Z']);
      expect(texts(itemMeta(item), 'edNote')[0]).toContain('2026-10-03T04:00:00Z');
    }
  });

  it('marks no embargo on a published story, even one whose record still names an instant', () => {
    const xml = renderNewsMessage(anArticle({ embargo: at('2026-10-03T04:00:00Z') }), aWire());
    expect(xml).not.toContain('<embargoed');
  });
});
