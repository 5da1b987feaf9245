import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderWithFeedPackage } from '../bench/baselines.js';
import { renderJsonFeedString } from '../src/formats/jsonfeed.js';
import { renderRssString } from '../src/formats/rss.js';
import { checkJsonFeed } from '../src/publish/check-json-feed.js';
import { checkXmlWellFormed } from '../src/publish/check-xml.js';
import { aFeed, anArticle, anImage } from './builders.js';

// The `feed` package is the baseline, not the writer: these tests pin down why.

const items = (xml: string) => {
  const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
  const list = doc.rss.channel.item;
  return (Array.isArray(list) ? list : [list]) as Record<string, unknown>[];
};

describe('our writers against the feed package', () => {
  const stories = [
    anArticle({
      id: 'one',
      images: [anImage(), anImage({ url: 'https://images.meridianherald.example/b.png', type: 'image/png' })],
    }),
    anArticle({ id: 'two', headline: 'Second story', published: Date.parse('2026-10-01T08:00:00Z') }),
  ];

  it('agree on every item title, link and guid', () => {
    const view = aFeed(stories);
    const ours = items(renderRssString(view));
    const theirs = items(renderWithFeedPackage(view, 'rss'));
    const key = (i: Record<string, unknown>) => [
      i.title,
      i.link,
      (i.guid as Record<string, unknown>)['#text'] ?? i.guid,
    ];
    expect(ours.map(key)).toEqual(theirs.map(key));
  });

  it('carry every photo with its credit where feed keeps one enclosure and no Media RSS', () => {
    const view = aFeed(stories);
    const theirs = renderWithFeedPackage(view, 'rss');
    expect(theirs).not.toContain('xmlns:media');
    expect(items(theirs)[0]?.enclosure).not.toBeInstanceOf(Array);
    const ours = items(renderRssString(view))[0] as Record<string, unknown>;
    expect(ours['media:content']).toHaveLength(2);
    expect(JSON.stringify(ours)).toContain('Ilse Marren');
  });

  it('stay publishable with a control character in a headline, where feed produces XML a strict parser rejects', async () => {
    const view = aFeed([anArticle({ headline: 'Harbour\u0001 vote' })]);
    const problems = await checkXmlWellFormed([
      { name: 'ours', text: renderRssString(view) },
      { name: 'feed', text: renderWithFeedPackage(view, 'rss') },
    ]);
    expect(problems.has('ours')).toBe(false);
    expect(problems.get('feed')?.[0]).toMatch(/invalid Char value 1|not finished|CData section/);
  });

  it('write JSON Feed 1.1, where feed writes 1.0', () => {
    const view = aFeed(stories);
    expect(checkJsonFeed(renderJsonFeedString(view))).toEqual([]);
    expect(checkJsonFeed(renderWithFeedPackage(view, 'json')).join('\n')).toContain('version');
  });
});
