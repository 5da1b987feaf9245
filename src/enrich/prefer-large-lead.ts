import type { Article } from '../records/article.js';

// Aggregators take an item's first image as its lead and drop leads under their minimum
// (Flipboard and Google 400 to 800 px wide, MSN 720). With `enrich.preferLargeLead`, the
// select stage calls this per story. Pure: it imports only the Article type, so it can move
// to select/ unchanged if the import rules want it there.

/**
 * Moves the first photo at least `minWidthPx` wide to the front when the lead is known to be
 * narrower; the others keep their order. A lead of unknown width stays: a host that failed to
 * answer says nothing against the editor's choice. Returns the same article when nothing moves.
 */
export function preferLargeLead(article: Article, minWidthPx: number): Article {
  const [lead, ...rest] = article.images;
  if (lead?.width === undefined || lead.width >= minWidthPx || minWidthPx <= 0) return article;
  const index = rest.findIndex((image) => image.width !== undefined && image.width >= minWidthPx);
  if (index < 0) return article;
  const chosen = rest[index]!;
  return { ...article, images: [chosen, lead, ...rest.filter((_, i) => i !== index)] };
}
