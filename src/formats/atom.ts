import type { Article, Author, Image, Tag } from '../records/article.js';
import type { FeedView, Site } from './feed-view.js';
import { hasImages, MEDIA_NS, mediaContent } from './rss-media.js';
import { rfc3339 } from './shared/dates.js';
import { feedTagUri, storyTagUri } from './shared/ids.js';
import { FH_NS, pagingLinks, TOMBSTONE_NS } from './shared/paging.js';
import { hasStoryHtml, itemImages, storyCdata } from './shared/story-html.js';
import { attr, escapeText, textElement } from './shared/xml.js';

const ATOM_NS = 'http://www.w3.org/2005/Atom';

// Atom 1.0 (RFC 4287) with Media RSS elements in entries. Pure: the same FeedView gives the
// same bytes; no clock, no I/O.

/**
 * RFC 4287 §4.1.1 requires atom:updated, but an empty feed has no story time. The tag URI
 * date (a day the site already existed) is fixed, precedes every story, and is plausible to
 * validators, which flag dates before 1990.
 */
export function emptyFeedUpdated(site: Site): number {
  const [y, m, d] = site.tagDate.split('-').map(Number);
  return Date.UTC(y ?? 2000, (m ?? 1) - 1, d ?? 1);
}

const P = '    ';

const line = (pad: string, element: string): string => (element ? `${pad}${element}\n` : '');

export function* renderAtom(feed: FeedView): Generator<string> {
  yield atomHead(feed);
  const full = feed.content !== 'summary';
  for (const story of feed.stories) yield atomEntry(story, feed.site, full);
  yield ATOM_TAIL;
}

export const ATOM_TAIL = '</feed>\n';

/**
 * The namespaces entries of these stories use, as attributes. The feed declares them for all
 * its stories; an entry checked alone gets them for its story, which is a subset of those.
 */
export function atomEntryNamespaces(stories: readonly Article[]): string {
  return `${attr('xmlns', ATOM_NS)}${hasImages(stories) ? attr('xmlns:media', MEDIA_NS) : ''}`;
}

export function renderAtomString(feed: FeedView): string {
  let xml = '';
  for (const chunk of renderAtom(feed)) xml += chunk;
  return xml;
}

export function atomHead(feed: FeedView): string {
  const { site } = feed;
  const ns = `${atomEntryNamespaces(feed.stories)}${feed.paging?.current ? attr('xmlns:fh', FH_NS) : ''}${
    feed.tombstones?.length ? attr('xmlns:at', TOMBSTONE_NS) : ''
  }`;
  const p = '  ';
  let s = `<?xml version="1.0" encoding="utf-8"?>\n<feed${ns}${attr('xml:lang', site.language)}>\n`;
  s += `${p}<id>${escapeText(feedTagUri(site, feed.key))}</id>\n`;
  s += `${p}<title>${escapeText(feed.title)}</title>\n`;
  s += `${p}<subtitle>${escapeText(feed.description)}</subtitle>\n`;
  s += `${p}<updated>${rfc3339(feed.updated ?? emptyFeedUpdated(feed.site))}</updated>\n`;
  s += `${p}<link rel="self" type="application/atom+xml"${attr('href', feed.links.atom)}/>\n`;
  for (const hub of feed.site.hubs ?? []) s += `${p}<link rel="hub"${attr('href', hub)}/>\n`;
  s += pagingLinks(feed.paging, p, 'link', 'atom', 'application/atom+xml');
  s += `${p}<link rel="alternate" type="text/html"${attr('href', feed.links.html)}/>\n`;
  // RFC 4287 §4.1.1: every entry needs an author unless the feed has one; this one covers
  // stories without authors or byline.
  s += `${p}<author>\n${p}  <name>${escapeText(site.title)}</name>\n${p}  <uri>${escapeText(site.baseUrl)}</uri>\n${p}</author>\n`;
  s += line(p, textElement('rights', site.copyright));
  s += `${p}<generator>Syndicate</generator>\n`;
  if (site.logoUrl !== undefined) {
    s += `${p}<icon>${escapeText(site.logoUrl)}</icon>\n${p}<logo>${escapeText(site.logoUrl)}</logo>\n`;
  }
  // RFC 6721 §2: a deleted-entry names the entry's id and when it was withdrawn.
  for (const t of feed.tombstones ?? []) {
    s += `${p}<at:deleted-entry${attr('ref', storyTagUri(site, t.id))}${attr('when', rfc3339(t.when))}/>\n`;
  }
  return s;
}

export function atomEntry(story: Article, site: Site, full: boolean): string {
  // xml:lang only where the story's language differs from the feed's (RFC 4287 §2).
  const lang = story.language === site.language ? '' : attr('xml:lang', story.language);
  let s = `  <entry${lang}>\n${P}<id>${escapeText(storyTagUri(site, story.id))}</id>\n`;
  s += `${P}<title>${escapeText(story.headline)}</title>\n`;
  s += `${P}<link rel="alternate" type="text/html"${attr('href', story.url)}/>\n`;
  s += `${P}<published>${rfc3339(story.published)}</published>\n`;
  s += `${P}<updated>${rfc3339(story.updated)}</updated>\n`;
  s += authors(story);
  // An agency is an entity that contributed the story (RFC 4287 §4.2.3); atom:source would
  // claim the entry was copied from another Atom feed.
  if (story.source !== undefined) {
    s += `${P}<contributor>\n${P}  <name>${escapeText(story.source)}</name>\n${P}</contributor>\n`;
  }
  s += `${P}<category${attr('term', story.section)}/>\n`;
  for (const tag of story.tags) s += category(tag);
  s += line(P, textElement('summary', story.summary ?? story.subheadline, ' type="text"'));
  if (hasStoryHtml(story, full)) s += `${P}<content type="html">${storyCdata(story, full)}</content>\n`;
  const images = itemImages(story, full);
  for (const image of images) s += enclosure(image);
  s += line(P, textElement('rights', story.rights));
  for (const image of images) s += mediaContent(image, P);
  return `${s}  </entry>\n`;
}

function authors(story: Article): string {
  if (story.authors.length === 0) {
    return story.byline === undefined
      ? ''
      : `${P}<author>\n${P}  <name>${escapeText(story.byline)}</name>\n${P}</author>\n`;
  }
  let s = '';
  for (const author of story.authors) s += person(author);
  return s;
}

function person(author: Author): string {
  const p = `${P}  `;
  let s = `${P}<author>\n${p}<name>${escapeText(author.name)}</name>\n`;
  s += line(p, textElement('email', author.email));
  s += line(p, textElement('uri', author.url));
  return `${s}${P}</author>\n`;
}

/** RFC 4287 §4.2.2: term is the code in the scheme when there is one; label is for people. */
function category(tag: Tag): string {
  const term = tag.scheme !== undefined && tag.code !== undefined ? tag.code : tag.name;
  return `${P}<category${attr('term', term)}${attr('scheme', tag.scheme)}${
    term === tag.name ? '' : attr('label', tag.name)
  }/>\n`;
}

/** RFC 4287 §4.2.7: type and length are advisory, so each is written only when known. */
function enclosure(image: Image): string {
  return `${P}<link rel="enclosure"${attr('type', image.type)}${image.length ? attr('length', image.length) : ''}${attr('href', image.url)}/>\n`;
}
