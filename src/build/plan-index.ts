import type { FeedIndex, IndexedFeed } from '../formats/feed-index/feed-index.js';
import { INDEX_FILES } from '../formats/feed-index/feed-index.js';
import { renderIndexHtml } from '../formats/feed-index/index-html.js';
import { renderIndexJson } from '../formats/feed-index/index-json.js';
import { renderOpml } from '../formats/feed-index/opml.js';
import type { Site } from '../formats/feed-view.js';
import type { SelectedFeed } from '../select/feed-sets.js';
import { keyOf, type PlannedOutput } from './plan-outputs.js';

// index.html, index.json and feeds.opml: every feed the selection gave, for people, programs
// and readers importing subscriptions.

const KIND_ORDER = ['main', 'custom', 'section', 'tag', 'author'];

export function feedIndexOf(
  feeds: readonly SelectedFeed[],
  site: Site,
  feedsUrl: string,
  wire?: FeedIndex['wire'],
): FeedIndex {
  const indexed = feeds.map(
    (f): IndexedFeed => ({
      key: f.key,
      kind: f.kind,
      title: f.current.title,
      description: f.current.description,
      links: f.current.links,
      paths: { rss: `${f.dir}rss.xml`, atom: `${f.dir}atom.xml`, json: `${f.dir}feed.json` },
      items: f.current.stories.length,
      total: f.total,
      archivePages: f.archives.length,
      ...(f.current.updated === undefined ? {} : { updated: f.current.updated }),
    }),
  );
  indexed.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.title.localeCompare(b.title, 'en') ||
      (a.key < b.key ? -1 : 1),
  );
  return { site, feedsUrl, feeds: indexed, ...(wire ? { wire } : {}) };
}

export function planIndex(index: FeedIndex): PlannedOutput[] {
  const key = keyOf(JSON.stringify(index));
  return [
    { path: INDEX_FILES.html, kind: 'html', key: `html:${key}`, render: () => renderIndexHtml(index) },
    { path: INDEX_FILES.json, kind: 'json', key: `json:${key}`, render: () => renderIndexJson(index) },
    { path: INDEX_FILES.opml, kind: 'xml', key: `opml:${key}`, render: () => renderOpml(index) },
  ];
}
