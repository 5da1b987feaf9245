import type { Article } from '../records/article.js';
import { identityOf } from './slug.js';

// Custom feeds (feeds.custom in the config): a slug, a title and a filter over sections, tags
// and sources. Names compare by identity, as feed slugs do, so "Energy" matches "energy".

export interface StoryFilter {
  readonly sections?: readonly string[];
  readonly tags?: readonly string[];
  readonly sources?: readonly string[];
}

export interface CustomFeed {
  readonly slug: string;
  readonly title: string;
  readonly description?: string;
  readonly maxItems?: number;
  readonly content: 'full' | 'summary';
  /** A story must match every listed kind (any name within a kind). */
  readonly include?: StoryFilter;
  /** A story matching any listed name of any kind is left out. */
  readonly exclude?: StoryFilter;
  /** Agency copy is a story with a `source`: keep it, leave it out, or carry nothing else. */
  readonly wireCopy: 'include' | 'exclude' | 'only';
}

export function matchesCustom(story: Article, feed: CustomFeed): boolean {
  if (feed.wireCopy === 'exclude' && story.source !== undefined) return false;
  if (feed.wireCopy === 'only' && story.source === undefined) return false;
  if (feed.include === undefined && feed.exclude === undefined) return true;
  const names = namesOf(story);
  const inc = feed.include;
  if (inc) {
    for (const kind of KINDS) {
      const wanted = inc[kind];
      if (wanted && !wanted.some((n) => names[kind].has(identityOf(n)))) return false;
    }
  }
  const exc = feed.exclude;
  if (exc) {
    for (const kind of KINDS) {
      if (exc[kind]?.some((n) => names[kind].has(identityOf(n)))) return false;
    }
  }
  return true;
}

const KINDS = ['sections', 'tags', 'sources'] as const;

function namesOf(story: Article): Record<(typeof KINDS)[number], Set<string>> {
  return {
    sections: new Set([identityOf(story.section)]),
    tags: new Set(story.tags.map((t) => identityOf(t.name))),
    sources: new Set(story.source === undefined ? [] : [identityOf(story.source)]),
  };
}
