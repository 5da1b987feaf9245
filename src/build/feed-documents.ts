import { ATOM_TAIL, atomEntry, atomEntryNamespaces, atomHead } from '../formats/atom.js';
import type { FeedView, Site } from '../formats/feed-view.js';
import { jsonFeedHead, jsonFeedItem, jsonFeedTail } from '../formats/jsonfeed.js';
import { RSS_TAIL, rssHead, rssItem, rssItemNamespaces } from '../formats/rss.js';
import type { ItemPart, OutputKind, OutputParts } from '../publish/publish-outputs.js';
import type { Article } from '../records/article.js';
import { articleKey } from '../records/article-key.js';
import { keyOf } from './plan-outputs.js';

// A feed document is its head, its items and its tail, which is how the writers render it
// (renderRss, renderAtom, renderJsonFeed). Built here from those same pieces, it comes with its
// parts: the document without items, checked whole, and each item, which is the same text in
// every feed that carries the story, so it is checked once rather than once per feed and page.

export interface FeedFormat {
  readonly file: 'rss.xml' | 'atom.xml' | 'feed.json';
  readonly kind: OutputKind;
  /** Starts the output key, so two formats of one feed never share a key. */
  readonly prefix: string;
  head(view: FeedView): string;
  item(story: Article, site: Site, full: boolean): string;
  /** Namespace declarations an item needs in scope (XML formats). */
  scope(story: Article, site: Site, full: boolean): string;
  /** The items in place, and the tail, as pieces to join. */
  body(items: readonly string[]): string[];
}

export const FEED_FORMATS: readonly FeedFormat[] = [
  {
    file: 'rss.xml',
    kind: 'rss',
    prefix: 'rss',
    head: rssHead,
    item: rssItem,
    scope: (story, site, full) => rssItemNamespaces([story], site, full),
    body: (items) => [...items, RSS_TAIL],
  },
  {
    file: 'atom.xml',
    kind: 'atom',
    prefix: 'atom',
    head: atomHead,
    item: atomEntry,
    scope: (story) => atomEntryNamespaces([story]),
    body: (items) => [...items, ATOM_TAIL],
  },
  {
    file: 'feed.json',
    kind: 'jsonfeed',
    prefix: 'json',
    head: jsonFeedHead,
    item: jsonFeedItem,
    scope: () => '',
    // One item per line, as renderJsonFeed writes them.
    body: (items) => [items.length === 0 ? '' : `\n${items.join(',\n')}`, jsonFeedTail(items.length)],
  },
];

export interface FeedDocument {
  readonly text: string;
  readonly parts: OutputParts;
}

export function renderFeedDocument(format: FeedFormat, view: FeedView): FeedDocument {
  const full = view.content !== 'summary';
  const head = format.head(view);
  const site = siteKeyOf(view.site);
  const mode = full ? 'full' : 'summary';
  const texts: string[] = [];
  const items: ItemPart[] = [];
  for (const story of view.stories) {
    const text = format.item(story, view.site, full);
    texts.push(text);
    items.push({
      id: `${format.prefix}:${mode}:${site}:${articleKey(story)}`,
      label: `story ${story.id}`,
      scope: format.scope(story, view.site, full),
      text,
    });
  }
  // One join: a flat string, which encoding reads straight through (a concatenation would be
  // flattened first, a copy of the whole document).
  const text = [head, ...format.body(texts)].join('');
  return { text, parts: { skeleton: [head, ...format.body([])].join(''), items } };
}

const siteKeys = new WeakMap<Site, string>();

/** Item parts are the same text only under the same site settings. */
function siteKeyOf(site: Site): string {
  let key = siteKeys.get(site);
  if (key === undefined) {
    key = keyOf(JSON.stringify(site));
    siteKeys.set(site, key);
  }
  return key;
}
