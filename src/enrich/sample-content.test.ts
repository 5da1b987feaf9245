import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { aFeed } from '../../test/builders.js';
import { aBareImage, testEnrichOptions } from '../../test/enrich-fixtures.js';
import { FIXTURES, type FixtureName, fixture, startImageHost } from '../../test/image-host.js';
import { REPO } from '../../test/run-cli.js';
import { renderJsonFeed } from '../formats/jsonfeed.js';
import { renderNewsMessage } from '../formats/newsml/index.js';
import { renderRss } from '../formats/rss.js';
import type { Article } from '../records/article.js';
import { loadContent } from '../records/load-content.js';
import { enrichImages } from './enrich-images.js';

// The shipped sample content with its image facts removed and its photos pointed at a local
// host: after enrichment, every format publishes the type and length of the file served.

const BY_EXTENSION: Record<string, FixtureName> = { jpg: 'photo.jpg', png: 'chart.png', webp: 'lamp.webp' };

async function sampleOnLocalHost(origin: string): Promise<Article[]> {
  const loaded = await loadContent(path.join(REPO, 'content'), {
    baseUrl: 'https://meridianherald.example/',
    language: 'en',
    maxFileBytes: 16 * 1024 * 1024,
    maxBodyBytes: 2 * 1024 * 1024,
    displayRoot: REPO,
  });
  return loaded.articles.map((a) => ({
    ...a,
    images: a.images.map((image) => {
      const name = BY_EXTENSION[image.url.split('.').pop() ?? '']!;
      return aBareImage(`${origin}/img/${name}?for=${encodeURIComponent(new URL(image.url).pathname)}`, {
        caption: image.caption,
        credit: image.credit,
      });
    }),
  }));
}

const fileOf = (url: string) => new URL(url).pathname.split('/').pop() as FixtureName;
const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
type Attributes = Record<string, string>;
type RssItem = { enclosure: Attributes; 'media:content'?: Attributes | Attributes[] };

/** Every element called `name`, at any depth of a parsed document. */
function collect(node: unknown, name: string, out: Attributes[] = []): Attributes[] {
  if (node === null || typeof node !== 'object') return out;
  for (const [key, value] of Object.entries(node)) {
    if (key === name) out.push(...asArray(value as Attributes | Attributes[]));
    else collect(value, name, out);
  }
  return out;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

describe('the sample content, enriched from a local image host', () => {
  it('publishes enclosures, media:content, JSON Feed attachments and NewsML remoteContent with the files’ facts', async () => {
    const host = await startImageHost();
    const articles = await sampleOnLocalHost(host.origin);
    const result = await enrichImages(articles, await testEnrichOptions());
    expect(result.problems).toEqual([]);
    const stories = result.articles.filter((a) => a.status === 'published' && a.images.length > 0);
    expect(stories.length).toBeGreaterThan(10);

    const rss = parser.parse([...renderRss(aFeed(stories))].join(''));
    for (const item of asArray<RssItem>(rss.rss.channel.item)) {
      const { url = '', type, length } = item.enclosure;
      expect({ type, length: Number(length) }).toEqual({
        type: FIXTURES[fileOf(url)].type,
        length: fixture(fileOf(url)).length,
      });
      for (const media of asArray(item['media:content']))
        expect(media).toMatchObject({
          type: FIXTURES[fileOf(media.url!)].type,
          width: String(FIXTURES[fileOf(media.url!)].width),
          fileSize: String(fixture(fileOf(media.url!)).length),
        });
    }

    const json = JSON.parse([...renderJsonFeed(aFeed(stories))].join(''));
    for (const item of json.items)
      for (const a of item.attachments ?? [])
        expect([a.mime_type, a.size_in_bytes]).toEqual([
          FIXTURES[fileOf(a.url)].type,
          fixture(fileOf(a.url)).length,
        ]);

    const wire = {
      domain: 'meridianherald.example',
      providerName: 'MH',
      siteUrl: 'https://meridianherald.example/',
      language: 'en',
      earlyEmbargoDelivery: false,
    };
    const message = parser.parse(renderNewsMessage(stories[0]!, wire));
    const remote = collect(message, 'remoteContent');
    expect(remote).toHaveLength(stories[0]!.images.length);
    for (const attrs of remote) {
      const name = fileOf(attrs.href!);
      expect(attrs).toMatchObject({ contenttype: FIXTURES[name].type, size: String(fixture(name).length) });
    }
  });
});
