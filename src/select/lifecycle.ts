import type { Article } from '../records/article.js';

/**
 * Whether the public feeds may show a story at `now` (records.md, Lifecycle).
 * Instants are compared as instants, so time zones and DST cannot leak a story early.
 * A `published` time in the future holds the story back too: a newsroom that
 * schedules a story that way expects it to wait.
 */
export function isPublicAt(article: Article, now: number): boolean {
  switch (article.status) {
    case 'draft':
    case 'killed':
      return false;
    case 'embargoed':
      return article.embargo !== undefined && article.embargo <= now && article.published <= now;
    case 'published':
      return article.published <= now;
  }
}

/** Newest first by first publication; the id breaks ties so the order is always the same. */
export function newestFirst(a: Article, b: Article): number {
  return b.published - a.published || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
