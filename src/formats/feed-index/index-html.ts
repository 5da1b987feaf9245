import { mediaTypeOf } from '../../publish/media-types.js';
import { cleanText, escapeAttr, escapeText } from '../shared/xml.js';
import { type FeedIndex, groupByKind, INDEX_FILES, type IndexedFeed } from './feed-index.js';

// index.html: the feed index for people, and what browsers and readers pointed at the folder
// discover feeds from. It replaces the server's fallback listing (src/serve/listing.ts) and, like
// it, links by relative path, so the page works wherever the folder is served.
//
// The XML escapes serve HTML too: they remove what neither can carry (controls, lone surrogates)
// and escape `&`, `<`, `>` and, in attributes, `"`; every attribute here is double-quoted.

const STYLE =
  'body{font:1rem/1.5 system-ui,sans-serif;max-width:50rem;margin:0 auto;padding:1rem}' +
  'ul{padding-inline-start:1.25rem}small{color:#555}.formats a{margin-inline-end:.5em}';

const WIRE_TITLE = 'NewsML-G2 messages (Atom index)';

/** The whole page; pure, like every writer, so the same index gives the same bytes. */
export function renderIndexHtml(index: FeedIndex): string {
  const { site } = index;
  const heading = `${site.title} feeds`;
  const groups = groupByKind(index.feeds);
  return [
    '<!doctype html>',
    `<html lang="${escapeAttr(site.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(heading)}</title>`,
    `<style>${STYLE}</style>`,
    ...autodiscovery(index),
    '</head>',
    '<body>',
    `<h1 dir="auto">${escapeText(heading)}</h1>`,
    `<p>Every feed below in one file: ${link(INDEX_FILES.opml, 'OPML')} for feed readers, ${link(INDEX_FILES.json, 'JSON')} for programs.</p>`,
    ...(groups.length ? [] : ['<p>Nothing is published yet.</p>']),
    ...groups.flatMap((g) => [
      `<section id="${g.id}">`,
      `<h2>${g.label}</h2>`,
      '<ul>',
      ...g.feeds.map(feedItem),
      '</ul>',
      '</section>',
    ]),
    ...(index.wire ? wireSection(index.wire) : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// Main in every format; sections and custom feeds in RSS only, and tags and authors not at all:
// a site with thousands of feeds would otherwise send readers a head of thousands of links.
function autodiscovery(index: FeedIndex): string[] {
  const links: string[] = [];
  for (const f of index.feeds) {
    if (f.kind === 'main') {
      links.push(
        alternate(f.paths.rss, `${f.title} (RSS 2.0)`),
        alternate(f.paths.atom, `${f.title} (Atom 1.0)`),
        alternate(f.paths.json, `${f.title} (JSON Feed 1.1)`),
      );
    } else if (f.kind === 'section' || f.kind === 'custom') {
      links.push(alternate(f.paths.rss, `${f.title} (RSS 2.0)`));
    }
  }
  // The fallback listing advertised the wire index; superseding it must not hide it.
  if (index.wire) links.push(alternate(index.wire.path, WIRE_TITLE));
  return links;
}

function alternate(path: string, title: string): string {
  return `<link rel="alternate" type="${escapeAttr(typeOf(path))}" title="${escapeAttr(title)}" href="${escapeAttr(href(path))}">`;
}

function feedItem(f: IndexedFeed): string {
  // dir="auto" on the element holding the title, so a right-to-left title is laid out as such
  // and isolated from the left-to-right links around it.
  const title = isWebUrl(f.links.html)
    ? `<a dir="auto" href="${escapeAttr(f.links.html)}">${escapeText(f.title)}</a>`
    : `<span dir="auto">${escapeText(f.title)}</span>`;
  const formats = [link(f.paths.rss, 'RSS'), link(f.paths.atom, 'Atom'), link(f.paths.json, 'JSON Feed')];
  return `<li>${title} <span class="formats">${formats.join(' ')}</span> <small>${counts(f)}</small></li>`;
}

function wireSection(wire: NonNullable<FeedIndex['wire']>): string[] {
  return [
    '<section id="wire">',
    '<h2>Wire</h2>',
    `<p>${link(wire.path, WIRE_TITLE)} <small>${plural(wire.messages, 'message', 'messages')}</small></p>`,
    '</section>',
  ];
}

function counts(f: IndexedFeed): string {
  return `${plural(f.items, 'story', 'stories')} now, ${f.total} in all, ${plural(f.archivePages, 'archive page', 'archive pages')}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function link(path: string, label: string): string {
  return `<a href="${escapeAttr(href(path))}" type="${escapeAttr(typeOf(path))}">${escapeText(label)}</a>`;
}

/** Autodiscovery names the type without its charset parameter. */
function typeOf(path: string): string {
  return mediaTypeOf(path).split(';')[0] ?? '';
}

// Each segment percent-encoded, so a path is always read as a path: a `:` cannot make a scheme,
// nor `?` or `#` cut it short. Cleaned first, since encodeURIComponent throws on a lone surrogate.
function href(path: string): string {
  return cleanText(path).split('/').map(encodeURIComponent).join('/');
}

// The page link is the only absolute URL here; anything but http(s) is shown as text, never
// followed, so no configuration mistake can put a `javascript:` link on the page.
function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
