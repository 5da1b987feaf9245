import type { Article } from '../records/article.js';
import { oldestFirst } from '../select/archive-pages.js';
import type { PlannedOutput } from './plan-outputs.js';

/**
 * The order to render a build's stale outputs in: feed documents by their newest story, oldest
 * first, then the rest as planned. A story's documents in every feed then come close together,
 * so its item is held (SharedItems) only for a short stretch of the build. A feed's archive
 * pages hold only stories older than its current document's newest, in this same order, so
 * they are published before (or with) the document that links to them.
 */
export function renderOrder(stale: readonly PlannedOutput[]): PlannedOutput[] {
  const feeds: PlannedOutput[] = [];
  const rest: PlannedOutput[] = [];
  for (const p of stale) (p.items === undefined ? rest : feeds).push(p);
  // Stable: documents with the same newest story keep their planned order.
  feeds.sort((a, b) => byNewest(a.items?.stories[0], b.items?.stories[0]));
  return [...feeds, ...rest];
}

/** Documents without stories first: an empty archive page is linked from a full one. */
function byNewest(a: Article | undefined, b: Article | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return a === b ? 0 : oldestFirst(a, b);
}
