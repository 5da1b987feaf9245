import { rfc3339 } from '../shared/dates.js';
import { cleanText } from '../shared/xml.js';
import { type FeedIndex, INDEX_FILES, type IndexedFeed } from './feed-index.js';

// index.json: the feed index for programs (docs/feed-index.md, index-json.schema.json).
// Text is cleaned as in every other format, so a title reads the same here as in the OPML, and
// no lone surrogate reaches a JSON string that UTF-8 could not encode.

/** The index as pretty-printed JSON with a trailing newline; the same input gives the same bytes. */
export function renderIndexJson(index: FeedIndex): string {
  const doc = {
    version: 1,
    title: cleanText(index.site.title),
    home_page_url: cleanText(index.site.baseUrl),
    feeds_url: cleanText(index.feedsUrl),
    opml_url: cleanText(index.feedsUrl + INDEX_FILES.opml),
    feeds: index.feeds.map(feedEntry),
    ...(index.wire && {
      wire: {
        path: cleanText(index.wire.path),
        url: cleanText(index.wire.url),
        messages: index.wire.messages,
      },
    }),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

// Keys are written in one fixed order, which is what makes the output byte-stable.
function feedEntry(f: IndexedFeed) {
  return {
    key: cleanText(f.key),
    kind: f.kind,
    title: cleanText(f.title),
    description: cleanText(f.description),
    urls: {
      rss: cleanText(f.links.rss),
      atom: cleanText(f.links.atom),
      json: cleanText(f.links.json),
      html: cleanText(f.links.html),
    },
    paths: { rss: cleanText(f.paths.rss), atom: cleanText(f.paths.atom), json: cleanText(f.paths.json) },
    items: f.items,
    total: f.total,
    archive_pages: f.archivePages,
    ...(f.updated !== undefined && { updated: rfc3339(f.updated) }),
  };
}
