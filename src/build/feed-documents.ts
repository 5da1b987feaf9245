import { ATOM_TAIL, atomEntry, atomEntryNamespaces, atomHead } from '../formats/atom.js';
import type { FeedView, Site } from '../formats/feed-view.js';
import { jsonFeedHead, jsonFeedItem, jsonFeedSeparator, jsonFeedTail } from '../formats/jsonfeed.js';
import { RSS_TAIL, rssHead, rssItem, rssItemNamespaces } from '../formats/rss.js';
import { itemChecked } from '../publish/check-parts.js';
import { Utf8Run } from '../publish/encode-chunks.js';
import type { ItemPart, OutputKind, OutputParts } from '../publish/publish-outputs.js';
import type { Article } from '../records/article.js';
import { articleKey } from '../records/article-key.js';
import { keyOf } from './plan-outputs.js';
import type { DocumentItems } from './shared-items.js';

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
  /** What goes before the item at `index` (JSON Feed's separators). */
  before(index: number): string;
  tail(items: number): string;
}

export const FEED_FORMATS: readonly FeedFormat[] = [
  {
    file: 'rss.xml',
    kind: 'rss',
    prefix: 'rss',
    head: rssHead,
    item: rssItem,
    scope: (story, site, full) => rssItemNamespaces([story], site, full),
    before: () => '',
    tail: () => RSS_TAIL,
  },
  {
    file: 'atom.xml',
    kind: 'atom',
    prefix: 'atom',
    head: atomHead,
    item: atomEntry,
    scope: (story) => atomEntryNamespaces([story]),
    before: () => '',
    tail: () => ATOM_TAIL,
  },
  {
    file: 'feed.json',
    kind: 'jsonfeed',
    prefix: 'json',
    head: jsonFeedHead,
    item: jsonFeedItem,
    scope: () => '',
    before: jsonFeedSeparator,
    tail: jsonFeedTail,
  },
];

export interface FeedDocument {
  /** The document as UTF-8: its head, its items and its tail, encoded piece by piece. */
  readonly bytes: Buffer;
  readonly parts: OutputParts;
}

/** Names an item's text: the same kind and story key always give the same item. */
export function itemKindOf(format: FeedFormat, view: FeedView): string {
  return `${format.prefix}:${view.content !== 'summary' ? 'full' : 'summary'}:${siteKeyOf(view.site)}`;
}

/** Storage of the given size for a document's bytes. */
export type Room = (bytes: number) => Buffer;

const ownRoom: Room = (bytes) => Buffer.allocUnsafe(bytes);

/**
 * `shared`: the items other documents of the build rendered, for those this one carries too;
 * `room`: where the document's bytes go (a batch's slab, say).
 */
export function renderFeedDocument(
  format: FeedFormat,
  view: FeedView,
  shared?: DocumentItems,
  room: Room = ownRoom,
): FeedDocument {
  const full = view.content !== 'summary';
  const head = format.head(view);
  const kind = itemKindOf(format, view);
  // Only items not checked before travel with the document, as views of its bytes; no item's
  // text outlives its encoding, so none reaches the old generation.
  const unchecked: { key: string; index: number; story: string; start: number; end: number }[] = [];
  /** Items rendered here, not taken from an earlier document: index, start, end. */
  const rendered: number[] = [];
  // Each piece ends on a markup character, so this gives the bytes of their joined text.
  const run = new Utf8Run();
  run.add(head);
  view.stories.forEach((story, index) => {
    const before = format.before(index);
    if (before !== '') run.add(before);
    const start = run.length;
    const held = shared?.take(index);
    run.add(held ?? format.item(story, view.site, full));
    if (held === undefined) rendered.push(index, start, run.length);
    if (shared?.checked(index) === true) return;
    const key = articleKey(story);
    // An item held from an earlier document may still be waiting for its check.
    if (itemChecked(kind, key)) shared?.passed(index);
    else unchecked.push({ key, index, story: story.id, start, end: run.length });
  });
  run.add(format.tail(view.stories.length));
  const bytes = run.finish(room);
  if (shared !== undefined)
    for (let i = 0; i < rendered.length; i += 3)
      shared.keep(rendered[i] as number, bytes.subarray(rendered[i + 1], rendered[i + 2]));
  const items: ItemPart[] = unchecked.map(({ start, end, ...item }) => ({
    ...item,
    bytes: bytes.subarray(start, end),
  }));
  const scopeOf = (index: number) => format.scope(view.stories[index] as Article, view.site, full);
  return {
    bytes,
    parts: {
      skeleton: head + format.tail(0),
      kind,
      items,
      scopeOf,
    },
  };
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
