import { describe, expect, it } from 'vitest';
import { aFeed, anArticle, anImage } from '../../test/builders.js';
import { validateFeed } from '../../test/validate-feed.js';
import { checkJsonFeed } from '../publish/check-json-feed.js';
import { renderAtomString } from './atom.js';
import { renderJsonFeedString } from './jsonfeed.js';
import { renderRssString } from './rss.js';

const BODY = '<p>The full text of the story, which summary feeds leave out.</p>';
const corrected = anArticle({
  id: 'corrected',
  bodyHtml: BODY,
  corrections: [{ date: Date.parse('2026-10-03T09:00:00Z'), text: 'The vote was 31–20.' }],
});
const plain = anArticle({
  id: 'plain',
  bodyHtml: BODY,
  subheadline: undefined,
  summary: 'Short & sweet.',
  published: Date.parse('2026-10-01T08:00:00Z'),
  updated: Date.parse('2026-10-01T08:00:00Z'),
});
const feed = aFeed([corrected, plain], { content: 'summary' });

describe('summary feeds', () => {
  it('leave every story body out of RSS, Atom and JSON Feed, and stay valid', async () => {
    for (const xml of [renderRssString(feed), renderAtomString(feed)]) {
      expect(xml).not.toContain('full text of the story');
      const v = await validateFeed(xml);
      expect(v.ok, v.output).toBe(true);
    }
    const json = renderJsonFeedString(feed);
    expect(json).not.toContain('full text of the story');
    expect(checkJsonFeed(json)).toEqual([]);
  });

  it('still lead with the corrections, and give JSON Feed content when there is no lead', () => {
    expect(renderRssString(feed)).toContain('Correction, <time datetime="2026-10-03T09:00:00Z">');
    expect(renderAtomString(feed)).toContain('The vote was 31–20.');
    const items = JSON.parse(renderJsonFeedString(feed)).items;
    expect(items[0].content_html.startsWith('<aside class="corrections">')).toBe(true);
    expect(items[1].content_html).toBe('<p>Short &amp; sweet.</p>');
    expect(items[1].summary).toBe('Short & sweet.');
  });

  it('carry the lead photo alone, with its caption and full credit', () => {
    const photos = [
      anImage(),
      anImage({ url: 'https://images.meridianherald.example/2026/second.jpg', caption: 'The second photo.' }),
    ];
    const story = anArticle({ id: 'photos', images: photos });
    const summary = aFeed([story], { content: 'summary' });
    for (const xml of [renderRssString(summary), renderAtomString(summary)]) {
      expect(xml).toContain('Ilse Marren');
      expect(xml).not.toContain('second.jpg');
    }
    const item = JSON.parse(renderJsonFeedString(summary)).items[0];
    expect(item.attachments).toHaveLength(1);
    expect(item._syndicate.images.map((i: { url: string }) => i.url)).toEqual([photos[0]?.url]);
    expect(renderRssString(aFeed([story]))).toContain('second.jpg');
  });

  it('are the full feeds when content is left unset', () => {
    expect(renderRssString(aFeed([plain]))).toContain('full text of the story');
  });
});
