import { mediaTypeOf } from '../publish/media-types.js';

// The page `/` shows when the build published no index.html: every main feed that exists,
// linked and advertised for autodiscovery, so a browser or reader pointed at the site finds them.

export const LISTED_FEEDS: readonly { readonly path: string; readonly title: string }[] = [
  { path: 'rss.xml', title: 'RSS 2.0' },
  { path: 'atom.xml', title: 'Atom 1.0' },
  { path: 'feed.json', title: 'JSON Feed 1.1' },
  { path: 'newsml-index.xml', title: 'NewsML-G2 messages (Atom index)' },
];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** `present` is the subset of LISTED_FEEDS paths found in the folder, in that order. */
export function renderListing(present: readonly string[]): string {
  const feeds = LISTED_FEEDS.filter((f) => present.includes(f.path));
  const attrs = (f: (typeof feeds)[number]) => {
    // The media type without its charset parameter, as the autodiscovery convention has it.
    const type = mediaTypeOf(f.path).split(';')[0] ?? '';
    return `type="${escapeHtml(type)}" title="${escapeHtml(f.title)}" href="${escapeHtml(f.path)}"`;
  };
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<title>Feeds</title>',
    ...feeds.map((f) => `<link rel="alternate" ${attrs(f)}>`),
    '</head>',
    '<body>',
    '<h1>Feeds</h1>',
    feeds.length ? '<ul>' : '<p>Nothing is published yet.</p>',
    ...feeds.map((f) => `<li><a href="${escapeHtml(f.path)}">${escapeHtml(f.title)}</a></li>`),
    feeds.length ? '</ul>' : '',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
