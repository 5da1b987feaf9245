import { describe, expect, it } from 'vitest';
import { anArticle, aWire } from '../../../test/builders.js';
import { type El, kid, kids, parseXml, texts } from '../../../test/validate-feed.js';
import { checkXmlWellFormed } from '../../publish/check-xml.js';
import { NEWS_MESSAGE_TYPE, newsmlIndexEntry, renderNewsmlIndex } from './index.js';

const at = Date.parse;

describe('renderNewsmlIndex', () => {
  const stories = [
    anArticle({ id: 'older', published: at('2026-10-01T08:00:00Z'), updated: at('2026-10-01T08:00:00Z') }),
    anArticle({ id: 'killed', status: 'killed', version: 2, updated: at('2026-10-03T08:00:00Z') }),
    anArticle({ id: 'newer', version: 3, updated: at('2026-10-02T08:00:00Z') }),
  ];
  const SELF = 'https://meridianherald.example/feeds/newsml-index.xml';
  const entries = stories.map((s) => newsmlIndexEntry(s, aWire(), `newsml/${s.id}.xml`));

  it('lists every message newest first as an Atom entry keyed by guid, with version and status', async () => {
    const xml = renderNewsmlIndex(entries, aWire(), SELF);
    expect(await checkXmlWellFormed([{ name: 'index.xml', text: xml }])).toEqual(new Map());
    const feed = kid(parseXml(xml), 'feed');
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(texts(feed, 'updated')).toEqual(['2026-10-03T08:00:00Z']);
    const list = kids(feed, 'entry');
    expect(list.map((e) => texts(e, 'summary')[0])).toEqual([
      'killed, version 3, stat:canceled',
      'newer, version 3, stat:usable',
      'older, version 1, stat:usable',
    ]);
    expect(texts(list[0] as El, 'title')).toEqual([stories[0]?.headline]);
    expect(kid(feed, 'link')).toMatchObject({ '@rel': 'self', '@href': SELF });
    const [killed, newer] = list as [El, El];
    expect(texts(newer, 'id')).toEqual(['urn:newsml:meridianherald.example:20261002:newer']);
    expect(texts(newer, 'wire:version')).toEqual(['3']);
    expect(kid(newer, 'link')).toMatchObject({
      '@rel': 'alternate',
      '@type': NEWS_MESSAGE_TYPE,
      '@href': 'newsml/newer.xml',
    });
    expect(kid(newer, 'category')).toMatchObject({ '@term': 'usable', '@label': 'stat:usable' });
    expect(kid(killed, 'category')['@term']).toBe('canceled');
    expect(texts(killed, 'wire:version')).toEqual(['3']);
  });

  it('gives the same bytes whatever the order of its input, and a fixed date when empty', () => {
    expect(renderNewsmlIndex([...entries].reverse(), aWire(), SELF)).toBe(
      renderNewsmlIndex(entries, aWire(), SELF),
    );
    expect(renderNewsmlIndex([], aWire(), SELF)).toContain('<updated>1970-01-01T00:00:00Z</updated>');
  });
});
