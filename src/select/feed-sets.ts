import type { FeedKind } from '../formats/feed-index/feed-index.js';
import type { FeedLinks, FeedView, Site, Tombstone } from '../formats/feed-view.js';
import type { Article } from '../records/article.js';
import { type PagedFeed, pageFeed } from './archive-pages.js';
import { type CustomFeed, matchesCustom } from './custom-filter.js';
import { type Group, groupByName } from './group-by-name.js';
import { keptOf, type Members, membersOf } from './members.js';
import { assignSlugs, identityOf, type SlugRegistry } from './slug.js';

// The select stage (design.md): which feeds exist, which stories each carries, and how each
// feed pages into RFC 5005 archives. Pure: articles, settings and the clock in, views out.

type Content = 'full' | 'summary';

export interface FeedSetSettings {
  readonly enabled: boolean;
  readonly maxItems: number;
  readonly content: Content;
}

export interface FeedsSettings {
  readonly main: { readonly maxItems: number; readonly content: Content };
  readonly sections: FeedSetSettings & { readonly titles: Readonly<Record<string, string>> };
  readonly tags: FeedSetSettings & { readonly minStories: number };
  readonly authors: FeedSetSettings;
  readonly custom: readonly CustomFeed[];
  readonly archive: { readonly enabled: boolean; readonly pageSize: number; readonly content: Content };
  readonly tombstoneDays: number;
}

export interface SelectOptions {
  readonly site: Site;
  /** Absolute URL of the published folder, ends with `/`. */
  readonly feedsUrl: string;
  readonly now: number;
  readonly feeds: FeedsSettings;
  /** Slugs published before; new ones are added to the returned registry. */
  readonly slugs: SlugRegistry;
}

/** One document to publish: a feed's current document or one of its archive pages. */
export interface FeedDocument {
  /** Folder relative to the published folder: '' or ending with '/'. */
  readonly dir: string;
  readonly view: FeedView;
}

export interface SelectedFeed {
  readonly key: string;
  readonly kind: FeedKind;
  /** Where the current document lives. */
  readonly dir: string;
  readonly current: FeedView;
  /** Oldest first. */
  readonly archives: readonly FeedDocument[];
  /** Stories across the current document and the archive pages. */
  readonly total: number;
}

export interface Selection {
  /** Main first, then custom, sections, tags, authors. */
  readonly feeds: readonly SelectedFeed[];
  readonly slugs: Map<string, string>;
}

interface Candidate {
  readonly key: string;
  readonly kind: FeedKind;
  readonly title: string;
  readonly description: string;
  readonly html: string;
  readonly maxItems: number;
  readonly content: Content;
  /** Public and killed stories the feed selects, oldest first. */
  readonly members: readonly Article[];
}

export function selectFeeds(articles: readonly Article[], opts: SelectOptions): Selection {
  const { site, feeds: settings, now } = opts;
  // Killed stories stay members: they keep their place in the archive numbering (a kill
  // rewrites one page, not every later one) and give the Atom feed its tombstones.
  const all = membersOf(articles, now);
  const members = all.order;
  const candidates: Candidate[] = [
    {
      key: 'main',
      kind: 'main',
      title: site.title,
      description: site.description,
      html: site.baseUrl,
      maxItems: settings.main.maxItems,
      content: settings.main.content,
      members,
    },
  ];
  for (const custom of settings.custom) {
    candidates.push({
      key: `custom/${custom.slug}`,
      kind: 'custom',
      title: custom.title,
      description: custom.description ?? `${custom.title}: ${site.title}`,
      html: site.baseUrl,
      maxItems: custom.maxItems ?? settings.main.maxItems,
      content: custom.content,
      members: customMembers(custom, all),
    });
  }
  const registry = new Map(opts.slugs);
  if (settings.sections.enabled) {
    candidates.push(...sectionFeeds(members, opts, registry));
  }
  if (settings.tags.enabled) candidates.push(...tagFeeds(members, opts, registry));
  if (settings.authors.enabled) candidates.push(...authorFeeds(members, opts, registry));

  const settingsKey = JSON.stringify([site, opts.feedsUrl, settings.archive]);
  const out = candidates.map((c) => reuseOrSelect(c, opts, settingsKey));
  return { feeds: out, slugs: registry };
}

const customs = new Map<
  string,
  { readonly key: string; readonly from: readonly Article[]; readonly kept: readonly Article[] }
>();

/** A custom feed's members, from its last ones and what changed when its settings are the same. */
function customMembers(custom: CustomFeed, all: Members): readonly Article[] {
  const key = JSON.stringify(custom);
  const last = customs.get(custom.slug);
  const kept = keptOf(all, (a) => matchesCustom(a, custom), last?.key === key ? last : undefined);
  customs.set(custom.slug, { key, from: all.order, kept });
  return kept;
}

interface Remembered {
  readonly signature: string;
  readonly members: readonly Article[];
  readonly paged: PagedFeed;
  readonly selected: SelectedFeed;
}

// The last selection of each feed, by key. A service adds or edits a few stories per build, so
// nearly every feed has the very same member objects as last time: it keeps its SelectedFeed,
// views and all, and later stages recognise those views (plan-outputs) without hashing them
// again. Pure still: a feed is reused only when everything it is made of is identical.
const remembered = new Map<string, Remembered>();

function reuseOrSelect(c: Candidate, opts: SelectOptions, settingsKey: string): SelectedFeed {
  const tombstones = tombstonesOf(c.members, opts.now, opts.feeds.tombstoneDays);
  const signature = JSON.stringify([
    settingsKey,
    c.kind,
    c.title,
    c.description,
    c.html,
    c.maxItems,
    c.content,
    tombstones,
  ]);
  const last = remembered.get(c.key);
  const same = last !== undefined && last.signature === signature;
  if (same && sameMembers(last.members, c.members)) return last.selected;
  const { selected, paged } = toSelected(c, opts, tombstones, same ? last : undefined);
  remembered.set(c.key, { signature, members: c.members, paged, selected });
  return selected;
}

function sameMembers(a: readonly Article[], b: readonly Article[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * `previous` is this feed's last selection under the same settings: an archive page whose
 * stories and neighbours are unchanged is handed back as it was (a full page always is).
 */
function toSelected(
  c: Candidate,
  opts: SelectOptions,
  tombstones: readonly Tombstone[],
  last?: Remembered,
): { selected: SelectedFeed; paged: PagedFeed } {
  const previous = last?.selected;
  const dir = c.key === 'main' ? '' : `${c.key}/`;
  const linksAt = (folder: string): FeedLinks => {
    const base = opts.feedsUrl + encodeFolder(folder);
    return { rss: `${base}rss.xml`, atom: `${base}atom.xml`, json: `${base}feed.json`, html: c.html };
  };
  const paged = pageFeed(
    c.members,
    { maxItems: c.maxItems, pageSize: opts.feeds.archive.enabled ? opts.feeds.archive.pageSize : 0 },
    last === undefined ? undefined : { ordered: last.members, paged: last.paged },
  );
  const base = { site: opts.site, key: c.key, title: c.title, description: c.description };
  const current = linksAt(dir);
  const pageDir = (page: number): string => `${dir}archive/${page}/`;
  const pages = paged.pages.length;
  const currentView: FeedView = {
    ...base,
    links: current,
    stories: paged.current,
    ...(c.content === 'summary' ? { content: 'summary' as const } : {}),
    ...newestUpdate(paged.current),
    ...(pages > 0 ? { paging: { prevArchive: linksAt(pageDir(pages)) } } : {}),
    ...(tombstones.length ? { tombstones } : {}),
  };
  const archives = paged.pages.map((stories, i): FeedDocument => {
    const n = i + 1;
    const old = previous?.archives[i];
    if (
      old !== undefined &&
      sameMembers(old.view.stories, stories) &&
      (old.view.paging?.nextArchive !== undefined) === n < pages
    )
      return old;
    return {
      dir: pageDir(n),
      view: {
        ...base,
        title: `${c.title} (archive ${n})`,
        links: linksAt(pageDir(n)),
        stories,
        ...(opts.feeds.archive.content === 'summary' ? { content: 'summary' as const } : {}),
        ...newestUpdate(stories),
        paging: {
          current,
          ...(n > 1 ? { prevArchive: linksAt(pageDir(n - 1)) } : {}),
          ...(n < pages ? { nextArchive: linksAt(pageDir(n + 1)) } : {}),
        },
      },
    };
  });
  return {
    selected: { key: c.key, kind: c.kind, dir, current: currentView, archives, total: paged.total },
    paged,
  };
}

const encodeFolder = (folder: string): string =>
  folder
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');

function newestUpdate(stories: readonly Article[]): { updated?: number } {
  let updated: number | undefined;
  for (const s of stories) if (updated === undefined || s.updated > updated) updated = s.updated;
  return updated === undefined ? {} : { updated };
}

// Most feeds keep their very members array from build to build, and with it their killed ones.
const killedIn = new WeakMap<readonly Article[], readonly Article[]>();

/** RFC 6721: withdrawn stories the feed carried, kept until they age out; newest first. */
function tombstonesOf(members: readonly Article[], now: number, days: number): Tombstone[] {
  const since = now - days * 86_400_000;
  let killed = killedIn.get(members);
  if (killed === undefined) {
    killed = members.filter((a) => a.status === 'killed');
    killedIn.set(members, killed);
  }
  return killed
    .filter((a) => a.published <= now && a.updated >= since && a.updated <= now)
    .sort((a, b) => b.updated - a.updated || (a.id < b.id ? -1 : 1))
    .map((a) => ({ id: a.id, when: a.updated }));
}

function sectionFeeds(members: readonly Article[], opts: SelectOptions, registry: Map<string, string>) {
  const { site, feeds } = opts;
  const groups = groupByName('section', members, (a) => [a.section]);
  const { slugs } = assignSlugs('section', namesOf(groups), opts.slugs, registry);
  return [...groups.values()].map((g): Candidate => {
    const title = feeds.sections.titles[g.name] ?? capitalise(g.name);
    return {
      key: `sections/${slugs.get(g.identity)}`,
      kind: 'section',
      title: `${title} — ${site.title}`,
      description: `${title}: the latest from ${site.title}`,
      html: site.baseUrl,
      maxItems: feeds.sections.maxItems,
      content: feeds.sections.content,
      members: g.members,
    };
  });
}

function tagFeeds(members: readonly Article[], opts: SelectOptions, registry: Map<string, string>) {
  const { site, feeds } = opts;
  const groups = [...groupByName('tag', members, (a) => a.tags.map((t) => t.name)).values()].filter(
    (g) => g.members.length >= feeds.tags.minStories,
  );
  const { slugs } = assignSlugs(
    'tag',
    groups.map((g) => g.name),
    opts.slugs,
    registry,
  );
  return groups.map(
    (g): Candidate => ({
      key: `tags/${slugs.get(g.identity)}`,
      kind: 'tag',
      title: `${g.name} — ${site.title}`,
      description: `Stories about ${g.name} from ${site.title}`,
      html: site.baseUrl,
      maxItems: feeds.tags.maxItems,
      content: feeds.tags.content,
      members: g.members,
    }),
  );
}

function authorFeeds(members: readonly Article[], opts: SelectOptions, registry: Map<string, string>) {
  const { site, feeds } = opts;
  const groups = groupByName(
    'author',
    members,
    (a) => a.authors.map((p) => p.name),
    (a, identity) => a.authors.find((p) => p.url !== undefined && identityOf(p.name) === identity)?.url,
  );
  const { slugs } = assignSlugs('author', namesOf(groups), opts.slugs, registry);
  return [...groups.values()].map((g): Candidate => {
    const url = g.url;
    return {
      key: `authors/${slugs.get(g.identity)}`,
      kind: 'author',
      title: `${g.name} — ${site.title}`,
      description: `Stories by ${g.name} in ${site.title}`,
      html: url ?? site.baseUrl,
      maxItems: feeds.authors.maxItems,
      content: feeds.authors.content,
      members: g.members,
    };
  });
}

const namesOf = (groups: ReadonlyMap<string, Group>): string[] => [...groups.values()].map((g) => g.name);

const capitalise = (s: string): string => s.charAt(0).toLocaleUpperCase('en') + s.slice(1);
