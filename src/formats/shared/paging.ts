import type { FeedLinks, FeedPaging } from '../feed-view.js';
import { attr } from './xml.js';

// RFC 5005 (feed paging and archiving) and RFC 6721 (tombstones), shared by RSS and Atom.

export const FH_NS = 'http://purl.org/syndication/history/1.0';
export const TOMBSTONE_NS = 'http://purl.org/atompub/tombstones/1.0';

/** The `current`, `prev-archive` and `next-archive` links, then `fh:archive` on an archive page. */
export function pagingLinks(
  paging: FeedPaging | undefined,
  pad: string,
  element: string,
  format: keyof Omit<FeedLinks, 'html'>,
  type: string,
): string {
  if (paging === undefined) return '';
  const link = (rel: string, links: FeedLinks | undefined): string =>
    links === undefined
      ? ''
      : `${pad}<${element} rel="${rel}" type="${type}"${attr('href', links[format])}/>\n`;
  let s = link('current', paging.current);
  s += link('prev-archive', paging.prevArchive);
  s += link('next-archive', paging.nextArchive);
  if (paging.current !== undefined) s += `${pad}<fh:archive/>\n`;
  return s;
}
