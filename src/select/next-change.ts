import type { Article } from '../records/article.js';

const DAY = 86_400_000;

/**
 * The first instant after `now` at which the clock alone changes what the select stage gives
 * for these articles: a publication or embargo time arriving, or a tombstone ageing out.
 * Until then, unchanged records give unchanged outputs, so a build can skip straight to the end.
 */
export function nextChangeAt(articles: readonly Article[], now: number, tombstoneDays: number): number {
  let next = Number.POSITIVE_INFINITY;
  const consider = (at: number | undefined) => {
    if (at !== undefined && at > now && at < next) next = at;
  };
  for (const a of articles) {
    if (a.status === 'draft') continue;
    consider(a.published);
    if (a.status === 'embargoed') consider(a.embargo);
    if (a.status === 'killed') {
      consider(a.updated);
      // Shown while updated >= now - days, so it leaves one millisecond after updated + days.
      consider(a.updated + tombstoneDays * DAY + 1);
    }
  }
  return next;
}
