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

/** What a feed paged into last time, to hand back the pages whose slots hold the same stories. */
export interface PagedBefore {
  readonly ordered: readonly Article[];
  readonly paged: PagedFeed;
}

/**
 * `ordered` are the feed's public and killed stories, oldest first (`oldestFirst`); killed ones
 * only hold their slot. The caller sorts once for all feeds, since every feed is a subsequence.
 * With `before`, the same feed's last paging, a page whose slots hold the very same stories is
 * that page's array again: a large feed with one story edited is not paged all over again.
 */
export function pageFeed(
  ordered: readonly Article[],
  settings: PagingSettings,
  before?: PagedBefore,
): PagedFeed {
  // Killed stories among the current document's slots count too, once paged.
  const { current, boundary, killedInCurrent } = currentOf(ordered, settings.maxItems);
  if (settings.pageSize === 0 || boundary === 0) {
    const total = settings.pageSize === 0 ? current.length : ordered.length - countKilled(ordered);
    return { current, pages: [], total };
  }
  const count = Math.floor(boundary / settings.pageSize) + 1;
  const same = before === undefined ? undefined : sameSlots(before, ordered, settings);
  const pages: (readonly Article[])[] = [];
  let killed = killedInCurrent;
  for (let n = 0; n < count; n++) {
    const start = n * settings.pageSize;
    const end = Math.min(start + settings.pageSize, boundary);
    const kept = same?.(start, end, n);
    if (kept !== undefined) {
      killed += end - start - kept.length;
      pages.push(kept);
      continue;
    }
    const page: Article[] = [];
    // Oldest first in, newest first out: the slots are walked backwards, not sorted.
    for (let i = end - 1; i >= start; i--) {
      const story = ordered[i] as Article;
      if (story.status !== 'killed') page.push(story);
      else killed++;
    }
    pages.push(page);
  }
  return { current, pages, total: ordered.length - killed };
}

/** The newest `maxItems` public stories, and the first slot they take. */
function currentOf(ordered: readonly Article[], maxItems: number) {
  const current: Article[] = [];
  let boundary = ordered.length; // first slot of the current document
  let killedInCurrent = 0;
  for (let i = ordered.length - 1; i >= 0 && current.length < maxItems; i--) {
    const story = ordered[i] as Article;
    if (story.status === 'killed') killedInCurrent++;
    else {
      current.push(story);
      boundary = i;
    }
  }
  if (current.length < maxItems) boundary = 0; // everything fits: no archive
  return { current, boundary, killedInCurrent };
}

function countKilled(ordered: readonly Article[]): number {
  let killed = 0;
  for (const story of ordered) if (story.status === 'killed') killed++;
  return killed;
}

/**
 * For a page's slots, last time's page if the slots held the very same stories and ended at the
 * same slot; the stories before the first difference and after the last one are the same.
 */
function sameSlots(before: PagedBefore, ordered: readonly Article[], settings: PagingSettings) {
  const old = before.ordered;
  let prefix = 0;
  while (prefix < old.length && prefix < ordered.length && old[prefix] === ordered[prefix]) prefix++;
  let suffix = 0;
  if (old.length === ordered.length)
    while (
      suffix < old.length - prefix &&
      old[old.length - 1 - suffix] === ordered[ordered.length - 1 - suffix]
    )
      suffix++;
  const oldBoundary = currentOf(old, settings.maxItems).boundary;
  return (start: number, end: number, n: number): readonly Article[] | undefined => {
    const page = before.paged.pages[n];
    if (page === undefined || Math.min(start + settings.pageSize, oldBoundary) !== end) return undefined;
    return end <= prefix || start >= ordered.length - suffix ? page : undefined;
  };
}

export function oldestFirst(a: Article, b: Article): number {
  return newestFirst(b, a);
}
