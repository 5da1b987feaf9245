import type { FeedView, Site } from '../formats/feed-view.js';
import type { Article } from '../records/article.js';
import { isPublicAt, newestFirst } from './lifecycle.js';

export interface MainFeedOptions {
  readonly site: Site;
  /** Absolute URL of the published folder, ends with `/`. */
  readonly feedsUrl: string;
  readonly maxItems: number;
  readonly now: number;
}

/** The main feed: the latest public stories, newest first. */
export function selectMainFeed(articles: readonly Article[], opts: MainFeedOptions): FeedView {
  const stories = articles
    .filter((a) => isPublicAt(a, opts.now))
    .sort(newestFirst)
    .slice(0, opts.maxItems);
  return {
    site: opts.site,
    key: 'main',
    title: opts.site.title,
    description: opts.site.description,
    links: {
      rss: `${opts.feedsUrl}rss.xml`,
      atom: `${opts.feedsUrl}atom.xml`,
      json: `${opts.feedsUrl}feed.json`,
      html: opts.site.baseUrl,
    },
    stories,
    ...newestUpdate(stories),
  };
}

function newestUpdate(stories: readonly Article[]): { updated?: number } {
  let updated: number | undefined;
  for (const s of stories) if (updated === undefined || s.updated > updated) updated = s.updated;
  return updated === undefined ? {} : { updated };
}
