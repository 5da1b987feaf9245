import { describe, expect, it } from 'vitest';
import { aFeed, anArticle, aSite } from '../../test/builders.js';
import { validateFeed } from '../../test/validate-feed.js';
import { checkJsonFeed } from '../publish/check-json-feed.js';
import { renderAtomString } from './atom.js';
import { renderJsonFeedString } from './jsonfeed.js';
import { renderRssString } from './rss.js';

const HUBS = ['https://hub.meridianherald.example/', 'https://pubsubhubbub.example/'];

describe('WebSub hub discovery', () => {
  it('advertises every configured hub in RSS, Atom and JSON Feed, and stays valid', async () => {
    const feed = aFeed([anArticle()], { site: aSite({ hubs: HUBS }) });
    const rss = renderRssString(feed);
    const atom = renderAtomString(feed);
    for (const hub of HUBS) {
      expect(rss).toContain(`<atom:link rel="hub" href="${hub}"/>`);
      expect(atom).toContain(`<link rel="hub" href="${hub}"/>`);
    }
    const json = renderJsonFeedString(feed);
    expect(JSON.parse(json).hubs).toEqual(HUBS.map((url) => ({ type: 'WebSub', url })));
    expect(checkJsonFeed(json)).toEqual([]);
    for (const xml of [rss, atom])
      expect((await validateFeed(xml)).output).toMatch(/0 error\(s\), 0 warning\(s\)/);
  });

  it('says nothing about hubs when none are configured', () => {
    const feed = aFeed([anArticle()]);
    expect(renderRssString(feed)).not.toContain('rel="hub"');
    expect(renderAtomString(feed)).not.toContain('rel="hub"');
    expect(JSON.parse(renderJsonFeedString(feed))).not.toHaveProperty('hubs');
  });
});
