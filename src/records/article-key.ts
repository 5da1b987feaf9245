import { createHash } from 'node:crypto';
import type { Article } from './article.js';

// A short hash that changes whenever anything a writer could print about a story changes.
// The loader knows it for free (the file's hash under the same options); anything else that
// makes a new article object (enrichment) gets it by hashing the object once.

const keys = new WeakMap<Article, string>();

export function setArticleKey(article: Article, key: string): void {
  keys.set(article, key);
}

export function articleKey(article: Article): string {
  let key = keys.get(article);
  if (key === undefined) {
    key = createHash('sha256').update(JSON.stringify(article)).digest('base64url').slice(0, 22);
    keys.set(article, key);
  }
  return key;
}
