// The media type of each published file, for the server and the manifest (formats.md).
// Decided by path, because the layout of the output folder is the public contract.

import { NEWS_MESSAGE_TYPE } from '../formats/newsml/index.js';

const BY_NAME: Record<string, string> = {
  'rss.xml': 'application/rss+xml',
  'atom.xml': 'application/atom+xml',
  'feed.json': 'application/feed+json',
  'status.json': 'application/json',
  'index.json': 'application/json',
  'index.html': 'text/html',
  'feeds.opml': 'text/x-opml',
};

/** Media type with charset for a path relative to the output folder. */
export function mediaTypeOf(relativePath: string): string {
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  let type = BY_NAME[name];
  if (relativePath === 'newsml-index.xml') type = 'application/atom+xml';
  else if (relativePath.startsWith('newsml/') && name.endsWith('.xml')) type = NEWS_MESSAGE_TYPE;
  return `${type ?? 'application/octet-stream'}; charset=utf-8`;
}
