import { Feed, type Item } from 'feed';
import type { FeedView } from '../src/formats/feed-view.js';
import { storyTagUri } from '../src/formats/shared/ids.js';
import type { Article } from '../src/records/article.js';

// The yardsticks, given the same stories as our writers: the `feed` package (what a Node
// project would reach for) and JSON.stringify of the raw stories (the floor for JSON output).

export type Format = 'rss' | 'atom' | 'json';

function feedItem(view: FeedView, story: Article): Item {
  const lead = story.images[0];
  return {
    title: story.headline,
    id: storyTagUri(view.site, story.id),
    link: story.url,
    ...(story.summary === undefined ? {} : { description: story.summary }),
    content: story.bodyHtml,
    author: story.authors.map((a) => ({
      name: a.name,
      ...(a.email === undefined ? {} : { email: a.email }),
    })),
    date: new Date(story.updated),
    published: new Date(story.published),
    category: story.tags.map((t) => ({
      name: t.name,
      ...(t.scheme === undefined ? {} : { domain: t.scheme, scheme: t.scheme, term: t.code ?? t.name }),
    })),
    ...(lead === undefined
      ? {}
      : { image: { url: lead.url, type: lead.type ?? 'image/jpeg', length: lead.length ?? 0 } }),
    ...(story.rights === undefined ? {} : { copyright: story.rights }),
  };
}

/** The whole `feed` package path: build the Feed, add every story, render one string. */
export function renderWithFeedPackage(view: FeedView, format: Format): string {
  const { site } = view;
  const feed = new Feed({
    id: `tag:${site.tagAuthority},${site.tagDate}:feed/${view.key}`,
    title: view.title,
    description: view.description,
    link: view.links.html,
    language: site.language,
    generator: 'Syndicate bench',
    feedLinks: { rss: view.links.rss, atom: view.links.atom, json: view.links.json },
    ...(view.updated === undefined ? {} : { updated: new Date(view.updated) }),
    ...(site.logoUrl === undefined ? {} : { image: site.logoUrl, favicon: site.logoUrl }),
    ...(site.copyright === undefined ? {} : { copyright: site.copyright }),
  });
  for (const story of view.stories) feed.addItem(feedItem(view, story));
  if (format === 'rss') return feed.rss2();
  if (format === 'atom') return feed.atom1();
  return feed.json1();
}
