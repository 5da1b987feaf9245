import { describe, expect, it } from 'vitest';
import { anArticle, anImage, aWire as wireSite } from '../../../test/builders.js';
import {
  aNewsroomFeed,
  type El,
  hostile,
  kid,
  kids,
  parseXml,
  text,
  texts,
} from '../../../test/validate-feed.js';
import type { Article } from '../../records/article.js';
import { cleanText } from '../shared/xml.js';
import { newsmlGuid, pictureGuid, renderNewsMessage, type WireSite } from './index.js';

const aWire = (o: Partial<WireSite> = {}): WireSite =>
  wireSite({ copyright: '© 2026 The Meridian Herald', ...o });
const at = Date.parse;
const itemSet = (xml: string): El => kid(kid(parseXml(xml), 'newsMessage'), 'itemSet');
const textItem = (xml: string): El => kids(itemSet(xml), 'newsItem')[0] as El;
const pictures = (xml: string): El[] => kids(itemSet(xml), 'newsItem').slice(1);
const meta = (item: El, name: string): El[] => kids(kid(item, 'contentMeta'), name);

describe('renderNewsMessage', () => {
  it('sends the package first, then the text, then one picture per photo in display order', () => {
    const story = anArticle({ images: [anImage(), anImage({ url: 'https://img.example/2.jpg' })] });
    const xml = renderNewsMessage(story, aWire());
    const guid = newsmlGuid(story, aWire());
    const order = [...xml.matchAll(/<(packageItem|newsItem) [^>]*guid="([^"]+)"/g)].map((m) => m[2]);
    const photos = story.images.map((i) => pictureGuid(story, aWire(), i));
    expect(order).toEqual([`${guid}:package`, guid, ...photos]);
    const pkg = kid(itemSet(xml), 'packageItem');
    const groups = kids(kid(pkg, 'groupSet'), 'group');
    expect(kids(groups[0] as El, 'itemRef').map((r) => r['@residref'])).toEqual([guid]);
    expect(kid(groups[0] as El, 'groupRef')['@idref']).toBe(groups[1]?.['@id']);
    // Every reference names an item sent in the same message.
    expect(kids(groups[1] as El, 'itemRef').map((r) => r['@residref'])).toEqual(photos);
  });

  it('keeps the guid of the story and its photos across versions, headline and photo order', () => {
    const first = anArticle();
    const later = anArticle({
      version: 5,
      headline: 'A new headline',
      updated: at('2026-10-09T00:00:00Z'),
      images: [anImage({ url: 'https://img.example/new.jpg' }), anImage()],
    });
    const guid = (xml: string) => textItem(xml)['@guid'];
    expect(guid(renderNewsMessage(later, aWire()))).toBe(guid(renderNewsMessage(first, aWire())));
    expect(guid(renderNewsMessage(first, aWire()))).toBe(
      'urn:newsml:meridianherald.example:20261002:harbour-tunnel-vote',
    );
    const photoGuid = (xml: string) => pictures(xml).map((p) => p['@guid']);
    expect(photoGuid(renderNewsMessage(later, aWire()))[1]).toBe(
      photoGuid(renderNewsMessage(first, aWire()))[0],
    );
    expect(photoGuid(renderNewsMessage(first, aWire()))[0]).toMatch(/:img-[0-9a-f]{10}$/);
  });

  it('dates the guid by the UTC day of first publication', () => {
    const story = anArticle({ published: at('2026-10-02T23:30:00-05:00') });
    expect(newsmlGuid(story, aWire())).toBe('urn:newsml:meridianherald.example:20261003:harbour-tunnel-vote');
  });

  it('gives the same bytes for the same story, with sent = the newest versionCreated, never the clock', () => {
    const story = anArticle({
      published: at('2026-10-01T08:00:00Z'),
      updated: at('2026-10-02T09:15:00+02:00'),
    });
    const xml = renderNewsMessage(story, aWire());
    expect(renderNewsMessage(anArticle({ ...story }), aWire())).toBe(xml);
    const header = kid(kid(parseXml(xml), 'newsMessage'), 'header');
    expect(texts(header, 'sent')).toEqual(['2026-10-02T07:15:00Z']);
    const created = [...xml.matchAll(/<versionCreated>([^<]+)</g)].map((m) => m[1]);
    expect(new Set(created)).toEqual(new Set(['2026-10-02T07:15:00Z']));
    // Every instant carries its UTC offset.
    for (const m of xml.matchAll(
      /<(sent|versionCreated|firstCreated|contentCreated|contentModified|embargoed)>([^<]*)</g,
    )) {
      expect(m[2]).toMatch(/Z$/);
    }
  });

  it('carries every credit verbatim and names the real copyright holder of each photo', () => {
    const story = anArticle({
      images: [
        anImage(),
        anImage({
          url: 'https://img.example/s.jpg',
          credit: { line: 'The Meridian Herald', agency: 'The Meridian Herald' },
          rights: undefined,
        }),
      ],
    });
    const [agency, staff] = pictures(renderNewsMessage(story, aWire())) as [El, El];
    expect(texts(kid(agency, 'contentMeta'), 'creditline')).toEqual([
      'Ilse Marren/Coastline Photo/Northlight Images',
    ]);
    expect(texts(kid(agency, 'contentMeta'), 'by')).toEqual(['Ilse Marren']);
    expect(texts(meta(agency, 'creator')[0] as El, 'name')).toEqual(['Ilse Marren']);
    const holder = (p: El) => texts(kid(kid(p, 'rightsInfo'), 'copyrightHolder'), 'name');
    expect(holder(agency)).toEqual(['Coastline Photo']);
    expect(texts(kid(agency, 'rightsInfo'), 'copyrightNotice')).toEqual(['© 2026 Northlight Images']);
    expect(holder(staff)).toEqual(['The Meridian Herald']);
    expect(texts(kid(staff, 'rightsInfo'), 'copyrightNotice')).toEqual(['© 2026 The Meridian Herald']);
    expect(meta(agency, 'description')[0]?.['@role']).toBe('drol:caption');
  });

  it('credits agency copy to the agency and staff copy to the publication', () => {
    const agency = textItem(
      renderNewsMessage(anArticle({ source: 'Reuters', rights: '© 2026 Reuters' }), aWire()),
    );
    expect(texts(kid(agency, 'contentMeta'), 'creditline')).toEqual(['Reuters']);
    expect(texts(meta(agency, 'infoSource')[0] as El, 'name')).toEqual(['Reuters']);
    expect(texts(kid(kid(agency, 'rightsInfo'), 'copyrightHolder'), 'name')).toEqual(['Reuters']);
    const staff = textItem(renderNewsMessage(anArticle(), aWire({ providerName: 'Meridian Wire' })));
    expect(texts(kid(staff, 'contentMeta'), 'creditline')).toEqual(['Meridian Wire']);
    expect(meta(staff, 'infoSource')).toEqual([]);
  });

  it('maps headlines, summary, byline, section, tags, dateline and language', () => {
    const story = anArticle({
      byline: 'By Jane Roe',
      dateline: { city: 'Meridian', country: 'VE' },
      urgency: 2,
    });
    const item = textItem(renderNewsMessage(story, aWire()));
    const cm = kid(item, 'contentMeta');
    expect(meta(item, 'headline').map((h) => [text(h), h['@role']])).toEqual([
      [story.headline, undefined],
      [story.subheadline, 'synhrol:subheadline'],
    ]);
    expect(meta(item, 'description').map((d) => [text(d), d['@role']])).toEqual([
      [story.summary, 'drol:summary'],
    ]);
    expect(texts(cm, 'by')).toEqual(['By Jane Roe']);
    expect(texts(cm, 'urgency')).toEqual(['2']);
    expect(meta(item, 'subject').map((s) => s['@qcode'])).toEqual(['synsec:local', 'medtop:04000000']);
    expect(texts(cm, 'keyword')).toEqual(['Transport']);
    expect(kid(cm, 'language')['@tag']).toBe('en');
    const located = kid(cm, 'located');
    expect([located['@type'], texts(located, 'name')]).toEqual(['loctyp:City', ['Meridian']]);
    expect(kid(located, 'broader')['@qcode']).toBe('iso3166-1a2:VE');
    expect(texts(cm, 'dateline')).toEqual(['Meridian, VE']);
    const schemes = kids(kid(item, 'catalog'), 'scheme').map((s) => [s['@alias'], s['@uri']]);
    expect(schemes).toContainEqual(['synsec', 'https://meridianherald.example/cv/section/']);
  });

  it('keeps right-to-left and CJK text intact, labelled with its language and direction', () => {
    const [, rtl, cjk] = aNewsroomFeed().stories as [Article, Article, Article];
    const item = textItem(renderNewsMessage(rtl, aWire()));
    expect([item['@xml:lang'], item['@dir']]).toEqual(['ar', 'rtl']);
    expect(texts(kid(item, 'contentMeta'), 'headline')[0]).toBe(rtl.headline);
    const xml = renderNewsMessage(cjk, aWire());
    expect(textItem(xml)['@xml:lang']).toBe('ja');
    expect(textItem(xml)['@dir']).toBeUndefined();
    expect(xml).toContain('新線は午前五時に開業した。');
    // Each Han or kana character is a word; the full stop is not.
    expect(xml).toMatch(/wordcount="12"/);
  });

  it('escapes hostile text so it reads back as written, minus what XML forbids', () => {
    const story = anArticle({ headline: hostile('h'), summary: hostile('s') });
    const cm = kid(textItem(renderNewsMessage(story, aWire())), 'contentMeta');
    expect(texts(cm, 'headline')[0]).toBe(cleanText(hostile('h')));
    expect(texts(cm, 'description')[0]).toBe(cleanText(hostile('s')));
  });
});
