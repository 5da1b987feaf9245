import type { Article } from '../records/article.js';
import { newestFirst } from './lifecycle.js';

/** Stories that go to wire partners at `now`, newest first. */
export function selectWireStories(
  articles: readonly Article[],
  now: number,
  earlyEmbargoDelivery: boolean,
): Article[] {
  return articles.filter((a) => goesToWire(a, now, earlyEmbargoDelivery)).sort(newestFirst);
}

/**
 * records.md, Lifecycle: a kill is sent (as canceled) so partners withdraw their copy;
 * drafts never leave; an embargoed story waits for its instant unless the site delivers
 * early, in which case every item of it is marked embargoed.
 */
function goesToWire(a: Article, now: number, earlyEmbargoDelivery: boolean): boolean {
  switch (a.status) {
    case 'draft':
      return false;
    case 'killed':
      return true;
    case 'embargoed':
      return earlyEmbargoDelivery || (a.embargo !== undefined && a.embargo <= now && a.published <= now);
    case 'published':
      return a.published <= now;
  }
}
