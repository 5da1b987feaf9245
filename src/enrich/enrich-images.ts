import type { Lookup } from '../media/cached-probe.js';
import { hasAllFacts } from '../media/image-facts.js';
import type { Article, Image } from '../records/article.js';
import { withFields } from '../records/compact-article.js';
import type { EnrichOptions } from './enrich-options.js';
import {
  disagreementProblem,
  type ImageProblem,
  lookupProblems,
  skippedProblem,
  tooSmallProblem,
} from './image-problems.js';
import { isNarrowerThan, mergeFacts } from './merge-facts.js';

// The enrich stage for images: fills in type, length, width and height that records lack,
// from the cache or the image hosts, and reports every image problem as one warning line.
// Articles whose images all carry the four facts cost nothing: no cache read, no request.

export interface EnrichStats {
  /** Image occurrences in all articles. */
  readonly images: number;
  /** Occurrences whose record had all four facts: never looked up. */
  readonly completeInRecords: number;
  /** Distinct URLs that needed facts. */
  readonly urls: number;
  readonly fromCache: number;
  readonly revalidated: number;
  readonly measured: number;
  readonly failed: number;
  /** Left without facts because the budget was spent (or the network was off). */
  readonly notLookedUp: number;
  /** HTTP requests made (redirect hops within one request not counted). */
  readonly requests: number;
  readonly elapsedMs: number;
  readonly budgetMs: number;
}

export interface EnrichResult {
  readonly articles: Article[];
  readonly problems: ImageProblem[];
  readonly stats: EnrichStats;
  /** Image occurrences in the enriched articles, and those with all four facts. */
  readonly published: { readonly images: number; readonly complete: number };
}

export async function enrichImages(articles: readonly Article[], opts: EnrichOptions): Promise<EnrichResult> {
  const started = performance.now();
  const wanted = new Set<string>();
  let images = 0;
  let complete = 0;
  // Only these can change; on a site whose records carry their facts, none.
  const open: number[] = [];
  for (const [i, article] of articles.entries()) {
    const facts = factsOf(article);
    images += facts.images;
    complete += facts.images - facts.missing.length;
    for (const url of facts.missing) wanted.add(url);
    if (needsWork(facts, opts)) open.push(i);
  }

  // Loaded only when some image needs facts: got alone takes ~200 ms to import, and a build
  // whose records are complete (the shipped sample, CI) must not pay for a network it never uses.
  const looked =
    opts.network && wanted.size > 0
      ? await (await import('./lookup-urls.js')).lookupUrls([...wanted], opts)
      : { found: new Map<string, Lookup>(), requests: 0, problems: [] };
  const problems: ImageProblem[] = [...looked.problems];
  const out = [...articles];
  let completeNow = complete;
  for (const i of open) {
    const before = out[i] as Article;
    const after = enrichArticle(before, looked.found, opts, problems);
    out[i] = after;
    completeNow += factsOf(before).missing.length - factsOf(after).missing.length;
  }

  const lookups = [...looked.found.values()];
  const count = (test: (l: Lookup) => boolean) => lookups.filter(test).length;
  return {
    articles: out,
    problems,
    published: { images, complete: completeNow },
    stats: {
      images,
      completeInRecords: complete,
      urls: wanted.size,
      fromCache: count((l) => l.source === 'cache'),
      revalidated: count((l) => l.source === 'revalidated'),
      measured: count((l) => l.source === 'network' && l.kind === 'facts'),
      failed: count((l) => l.source === 'network' && l.kind === 'failed'),
      notLookedUp: wanted.size - lookups.length,
      requests: looked.requests,
      elapsedMs: Math.round(performance.now() - started),
      budgetMs: opts.budgetMs,
    },
  };
}

/** What a story's images lack; worked out once per article object, not once per build. */
interface ArticleFacts {
  readonly images: number;
  /** URLs of the images without all four facts. */
  readonly missing: readonly string[];
  /** The narrowest known width among its images. */
  readonly narrowest: number;
}

const known = new WeakMap<Article, ArticleFacts>();

export function factsOf(article: Article): ArticleFacts {
  let facts = known.get(article);
  if (facts === undefined) {
    let narrowest = Number.POSITIVE_INFINITY;
    for (const image of article.images)
      if (image.width !== undefined) narrowest = Math.min(narrowest, image.width);
    facts = {
      images: article.images.length,
      missing: article.images.filter((image) => !hasAllFacts(image)).map((image) => image.url),
      narrowest,
    };
    known.set(article, facts);
  }
  return facts;
}

/** A story with every fact and no photo under the minimum width has nothing to add or report. */
function needsWork(facts: ArticleFacts, opts: EnrichOptions): boolean {
  return facts.missing.length > 0 || (opts.minWidthPx > 0 && facts.narrowest < opts.minWidthPx);
}

function enrichArticle(
  article: Article,
  found: ReadonlyMap<string, Lookup>,
  opts: EnrichOptions,
  problems: ImageProblem[],
): Article {
  if (!needsWork(factsOf(article), opts)) return article;
  let changed = false;
  const images = article.images.map((image, index) => {
    const next = enrichImage(article, index, image, found, opts, problems);
    if (isNarrowerThan(next, opts.minWidthPx))
      problems.push(tooSmallProblem(article, index, next, opts.minWidthPx));
    if (next !== image) changed = true;
    return next;
  });
  // Not a spread: a loaded article's body stays deflated (compact-article.ts).
  return changed ? withFields(article, { images }) : article;
}

function enrichImage(
  article: Article,
  index: number,
  image: Image,
  found: ReadonlyMap<string, Lookup>,
  opts: EnrichOptions,
  problems: ImageProblem[],
): Image {
  if (hasAllFacts(image) || !opts.network) return image;
  const lookup = found.get(image.url);
  if (lookup === undefined) {
    problems.push(skippedProblem(article, index, image.url, opts.budgetMs));
    return image;
  }
  problems.push(...lookupProblems(article, index, image, lookup));
  if (lookup.kind === 'failed') return image;
  const merged = mergeFacts(image, lookup.facts);
  for (const d of merged.disagreements) problems.push(disagreementProblem(article, index, image.url, d));
  return merged.image;
}
