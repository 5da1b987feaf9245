import type { Article } from '../records/article.js';
import { newestFirst } from './lifecycle.js';

// RFC 5005 archived feeds. Members are numbered oldest first; archive page n (from 1) holds
// the slots [(n-1)·size, n·size) that are older than the current document. New stories only
// ever take the newest slots, so a full page keeps its bytes, and adding one story changes the
// current document and at most the newest page. When the archived slots exactly fill the last
// page, an empty page follows it: the full page can then link `next-archive` from the start
// instead of being rewritten once a later page appears.

export interface PagingSettings {
  readonly maxItems: number;
  /** Stories per archive page; 0 keeps no archives. */
  readonly pageSize: number;
}

export interface PagedFeed {
  /** The current document's stories, newest first. */
  readonly current: readonly Article[];
  /** Archive pages, oldest page first; each page's stories newest first. */
  readonly pages: readonly (readonly Article[])[];
  /** Public stories across the current document and its pages. */
  readonly total: number;
}

/**
 * `ordered` are the feed's public and killed stories, oldest first (`oldestFirst`); killed ones
 * only hold their slot. The caller sorts once for all feeds, since every feed is a subsequence.
 */
export function pageFeed(ordered: readonly Article[], settings: PagingSettings): PagedFeed {
  const current: Article[] = [];
  let boundary = ordered.length; // first slot of the current document
  let total = 0;
  for (let i = ordered.length - 1; i >= 0; i--) {
    const story = ordered[i] as Article;
    if (story.status === 'killed') continue;
    total++;
    if (current.length < settings.maxItems) {
      current.push(story);
      boundary = i;
    }
  }
  if (current.length < settings.maxItems) boundary = 0; // everything fits: no archive
  if (settings.pageSize === 0 || boundary === 0) {
    return { current, pages: [], total: settings.pageSize === 0 ? current.length : total };
  }
  const count = Math.floor(boundary / settings.pageSize) + 1;
  const pages: Article[][] = [];
  for (let n = 0; n < count; n++) {
    const end = Math.min((n + 1) * settings.pageSize, boundary);
    const page = ordered.slice(n * settings.pageSize, end).filter((a) => a.status !== 'killed');
    pages.push(page.sort(newestFirst));
  }
  return { current, pages, total };
}

export function oldestFirst(a: Article, b: Article): number {
  return newestFirst(b, a);
}
