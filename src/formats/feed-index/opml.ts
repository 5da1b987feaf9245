import { rfc822 } from '../shared/dates.js';
import { attr, escapeAttr, textElement } from '../shared/xml.js';
import { type FeedIndex, groupByKind, type IndexedFeed, newestUpdate } from './feed-index.js';

// feeds.opml: the whole index as an OPML 2.0 subscription list (http://opml.org/spec2.opml), so a
// reader can import every feed at once. One folder outline per kind keeps thousands of tag and
// author feeds from burying the main one.

const OPML_DOCS = 'http://opml.org/spec2.opml';

/** OPML 2.0; dated by the newest story, never the clock, so an unchanged index gives the same bytes. */
export function renderOpml(index: FeedIndex): string {
  const { site } = index;
  const modified = newestUpdate(index.feeds);
  const head = [
    textElement('title', `${site.title} feeds`),
    // The spec wants RFC 822 here, like RSS.
    modified === undefined ? '' : textElement('dateModified', rfc822(modified)),
    // Site has no person or email to name, and the publication is who owns this list.
    textElement('ownerName', site.title),
    textElement('docs', OPML_DOCS),
  ].filter((line) => line !== '');
  const body = groupByKind(index.feeds).flatMap((g) => [
    `    <outline text="${escapeAttr(g.label)}">`,
    ...g.feeds.map((f) => `      ${subscription(f, site.language)}`),
    '    </outline>',
  ]);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    '  <head>',
    ...head.map((line) => `    ${line}`),
    '  </head>',
    body.length ? '  <body>' : '  <body/>',
    ...(body.length ? [...body, '  </body>'] : []),
    '</opml>',
    '',
  ].join('\n');
}

// type="rss" is what OPML 2.0 calls any feed subscription; xmlUrl names the RSS document, the
// format every reader that imports OPML can read.
function subscription(f: IndexedFeed, language: string): string {
  return [
    '<outline type="rss" version="RSS2"',
    attr('text', f.title),
    attr('title', f.title),
    attr('xmlUrl', f.links.rss),
    attr('htmlUrl', f.links.html),
    f.description === '' ? '' : attr('description', f.description),
    language === '' ? '' : attr('language', language),
    '/>',
  ].join('');
}
