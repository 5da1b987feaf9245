import type { Lookup } from '../media/cached-probe.js';
import type { Article, Diagnostic, Image } from '../records/article.js';
import type { Disagreement } from './merge-facts.js';

// One line per image problem, as a Diagnostic (`content/x.json: images[1]: GET …: 404 Not Found`)
// so the build can print and list them like any other warning. Never a stack trace, never an
// error: a misbehaving host costs its images their facts, not the build.

export type ImageProblemKind =
  | 'failed'
  | 'refused'
  | 'skipped'
  | 'incomplete'
  | 'disagrees'
  | 'too-small'
  | 'cache';

export interface ImageProblem extends Diagnostic {
  readonly kind: ImageProblemKind;
  /** The image URL; absent for a problem with the cache file itself. */
  readonly url?: string;
  readonly severity: 'warning';
}

const at = (article: Article, index: number, suffix = '') => ({
  file: article.origin,
  path: `images[${index}]${suffix}`,
  severity: 'warning' as const,
});

/** Problems with one image occurrence, given what its URL's lookup found. */
export function lookupProblems(
  article: Article,
  index: number,
  image: Image,
  lookup: Lookup,
): ImageProblem[] {
  const url = image.url;
  if (lookup.kind === 'failed') {
    const refused = lookup.failure.kind === 'refused';
    const message = refused ? `${url}: ${lookup.failure.message}` : `GET ${url}: ${lookup.failure.message}`;
    return [{ ...at(article, index), kind: refused ? 'refused' : 'failed', url, message }];
  }
  return lookup.notes.map((note) => ({
    ...at(article, index),
    kind: 'incomplete',
    url,
    message: `GET ${url}: ${note}`,
  }));
}

export function skippedProblem(article: Article, index: number, url: string, budgetMs: number): ImageProblem {
  const message = `${url}: not asked: the enrichment budget of ${budgetMs} ms was spent`;
  return { ...at(article, index), kind: 'skipped', url, message };
}

export function disagreementProblem(
  article: Article,
  index: number,
  url: string,
  d: Disagreement,
): ImageProblem {
  const message = `record says ${d.record}, GET ${url} measured ${d.measured}; the record's value is published`;
  return { ...at(article, index, `.${d.field}`), kind: 'disagrees', url, message };
}

export function tooSmallProblem(
  article: Article,
  index: number,
  image: Image,
  minWidthPx: number,
): ImageProblem {
  const message = `${image.url} is ${image.width} px wide, under the ${minWidthPx} px minimum (enrich.minWidthPx)`;
  return { ...at(article, index), kind: 'too-small', url: image.url, message };
}

export function cacheProblem(file: string, message: string): ImageProblem {
  return { file, path: '', kind: 'cache', severity: 'warning', message };
}
