import type { Site } from '../feed-view.js';

// The published feed index: one model, three renderings (index.html for people, feeds.opml for
// feed readers, index.json for programs), so the three can never disagree about what exists.

export type FeedKind = 'main' | 'section' | 'tag' | 'author' | 'custom';

export interface IndexedFeed {
  /** Stable key, also the folder: 'main' (folder ''), 'sections/world', 'tags/energy-climate', 'authors/jane-roe', 'custom/no-wire'. */
  readonly key: string;
  readonly kind: FeedKind;
  readonly title: string;
  readonly description: string;
  /** Absolute URLs of the current (subscription) document in each format, and the human page. */
  readonly links: {
    readonly rss: string;
    readonly atom: string;
    readonly json: string;
    readonly html: string;
  };
  /** Paths of the same documents relative to the published folder, e.g. 'sections/world/rss.xml'. */
  readonly paths: { readonly rss: string; readonly atom: string; readonly json: string };
  /** Stories in the current document. */
  readonly items: number;
  /** Stories across the current document and its archive pages. */
  readonly total: number;
  /** Archive pages (RFC 5005) behind the current document. */
  readonly archivePages: number;
  /** Newest `updated` among its stories, epoch ms; absent for an empty feed. */
  readonly updated?: number;
}

export interface FeedIndex {
  readonly site: Site;
  /** Absolute URL of the published folder, ends with '/'. */
  readonly feedsUrl: string;
  /** In display order: main first, then custom, sections, tags, authors, each sorted by title. The renderers keep the given order. */
  readonly feeds: readonly IndexedFeed[];
  /** The NewsML-G2 wire index (an Atom listing) when the wire is on. */
  readonly wire?: { readonly path: string; readonly url: string; readonly messages: number };
}

/** Where the three renderings are published, relative to the published folder; they link each other. */
export const INDEX_FILES = { html: 'index.html', json: 'index.json', opml: 'feeds.opml' } as const;

/** The groups the HTML page and the OPML outline show, in display order. */
export const KIND_GROUPS: readonly {
  readonly kind: FeedKind;
  readonly label: string;
  readonly id: string;
}[] = [
  { kind: 'main', label: 'Main', id: 'main' },
  { kind: 'custom', label: 'Custom', id: 'custom' },
  { kind: 'section', label: 'Sections', id: 'sections' },
  { kind: 'tag', label: 'Tags', id: 'tags' },
  { kind: 'author', label: 'Authors', id: 'authors' },
];

export interface KindGroup {
  readonly kind: FeedKind;
  readonly label: string;
  /** A fixed fragment name, so `index.html#tags` is a stable link. */
  readonly id: string;
  readonly feeds: readonly IndexedFeed[];
}

/**
 * The feeds of each kind, keeping the given order within a kind; kinds with no feeds are left
 * out, so a site without author feeds shows no empty "Authors" heading.
 */
export function groupByKind(feeds: readonly IndexedFeed[]): KindGroup[] {
  return KIND_GROUPS.map((g) => ({ ...g, feeds: feeds.filter((f) => f.kind === g.kind) })).filter(
    (g) => g.feeds.length > 0,
  );
}

/** The newest `updated` of all feeds; undefined when no feed has a story. */
export function newestUpdate(feeds: readonly IndexedFeed[]): number | undefined {
  let newest: number | undefined;
  for (const f of feeds)
    if (f.updated !== undefined && (newest === undefined || f.updated > newest)) newest = f.updated;
  return newest;
}
