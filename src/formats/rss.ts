import type { Article, Image, Tag } from '../records/article.js';
import type { FeedView, Site } from './feed-view.js';
import { hasImages, MEDIA_NS, mediaContent } from './rss-media.js';
import { rfc822 } from './shared/dates.js';
import { storyTagUri } from './shared/ids.js';
import { FH_NS, pagingLinks } from './shared/paging.js';
import { hasStoryHtml, itemImages, storyCdata } from './shared/story-html.js';
import { attr, escapeText, textElement } from './shared/xml.js';

// RSS 2.0 (https://www.rssboard.org/rss-specification) with Media RSS, Dublin Core and
// content:encoded. Pure: the same FeedView gives the same bytes; no clock, no I/O.

const DC_NS = 'http://purl.org/dc/elements/1.1/';
const CONTENT_NS = 'http://purl.org/rss/1.0/modules/content/';
const ATOM_NS = 'http://www.w3.org/2005/Atom';

const ITEM = '      ';

/** One line per element; nothing when the element is absent. */
const line = (pad: string, element: string): string => (element ? `${pad}${element}\n` : '');

export function* renderRss(feed: FeedView): Generator<string> {
  yield rssHead(feed);
  const full = feed.content !== 'summary';
  for (const story of feed.stories) yield rssItem(story, feed.site, full);
  yield RSS_TAIL;
}

export const RSS_TAIL = '  </channel>\n</rss>\n';

export function renderRssString(feed: FeedView): string {
  let xml = '';
  for (const chunk of renderRss(feed)) xml += chunk;
  return xml;
}

/**
 * The namespaces items of these stories use, as attributes. The channel declares them for all
 * its stories; an item checked alone gets them for its story, which is a subset of those.
 */
export function rssItemNamespaces(stories: readonly Article[], site: Site, full: boolean): string {
  return `${attr('xmlns:atom', ATOM_NS)}${
    stories.some((s) => usesDc(s, site)) ? attr('xmlns:dc', DC_NS) : ''
  }${stories.some((s) => hasStoryHtml(s, full)) ? attr('xmlns:content', CONTENT_NS) : ''}${
    hasImages(stories) ? attr('xmlns:media', MEDIA_NS) : ''
  }`;
}

export function rssHead(feed: FeedView): string {
  const { site, stories } = feed;
  // Namespaces once, on the root, and only those the document uses.
  const ns = `${rssItemNamespaces(stories, site, feed.content !== 'summary')}${
    feed.paging?.current ? attr('xmlns:fh', FH_NS) : ''
  }`;
  const p = '    ';
  let s = `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"${ns}>\n  <channel>\n`;
  s += `${p}<title>${escapeText(feed.title)}</title>\n`;
  s += `${p}<link>${escapeText(feed.links.html)}</link>\n`;
  s += `${p}<description>${escapeText(feed.description)}</description>\n`;
  // RSS Best Practices: the self link lets readers find the feed's own address.
  s += `${p}<atom:link rel="self" type="application/rss+xml"${attr('href', feed.links.rss)}/>\n`;
  // WebSub §4: the hub is advertised next to the self link, which is the topic URL.
  for (const hub of site.hubs ?? []) s += `${p}<atom:link rel="hub"${attr('href', hub)}/>\n`;
  // RFC 5005 Appendix B: the same link relations, as atom:link in the channel.
  s += pagingLinks(feed.paging, p, 'atom:link', 'rss', 'application/rss+xml');
  s += line(p, textElement('language', site.language));
  s += line(p, textElement('copyright', site.copyright));
  // The newest story's time, never the build time, so an unchanged feed keeps its bytes.
  if (feed.updated !== undefined) s += `${p}<lastBuildDate>${rfc822(feed.updated)}</lastBuildDate>\n`;
  s += `${p}<generator>Syndicate</generator>\n`;
  if (site.logoUrl !== undefined) {
    // RSS 2.0: the image's title and link should match the channel's.
    s += `${p}<image>\n${p}  <url>${escapeText(site.logoUrl)}</url>\n${p}  <title>${escapeText(feed.title)}</title>\n`;
    s += `${p}  <link>${escapeText(feed.links.html)}</link>\n${p}</image>\n`;
  }
  return s;
}

export function rssItem(story: Article, site: Site, full: boolean): string {
  let s = `    <item>\n${ITEM}<title>${escapeText(story.headline)}</title>\n`;
  s += `${ITEM}<link>${escapeText(story.url)}</link>\n`;
  s += line(ITEM, textElement('description', story.summary ?? story.subheadline));
  if (hasStoryHtml(story, full))
    s += `${ITEM}<content:encoded>${storyCdata(story, full)}</content:encoded>\n`;
  s += creators(story);
  s += categories(story);
  // RSS 2.0: guid is a permalink by default, so a tag URI needs isPermaLink="false".
  s += `${ITEM}<guid isPermaLink="false">${escapeText(storyTagUri(site, story.id))}</guid>\n`;
  s += `${ITEM}<pubDate>${rfc822(story.published)}</pubDate>\n`;
  if (story.language !== site.language) s += line(ITEM, textElement('dc:language', story.language));
  s += line(ITEM, textElement('dc:rights', story.rights));
  // RSS <source> must name a feed URL; an agency name is a Dublin Core source.
  s += line(ITEM, textElement('dc:source', story.source));
  s += enclosure(story.images[0]);
  for (const image of itemImages(story, full)) s += mediaContent(image, ITEM);
  return `${s}    </item>\n`;
}

/** Must agree with what `item` writes, since the root declares xmlns:dc from it. */
function usesDc(story: Article, site: Site): boolean {
  return (
    story.authors.length > 0 ||
    story.byline !== undefined ||
    story.language !== site.language ||
    story.rights !== undefined ||
    story.source !== undefined
  );
}

function creators(story: Article): string {
  if (story.authors.length === 0) return line(ITEM, textElement('dc:creator', story.byline));
  let s = '';
  for (const author of story.authors) s += `${ITEM}<dc:creator>${escapeText(author.name)}</dc:creator>\n`;
  return s;
}

function categories(story: Article): string {
  let s = `${ITEM}<category>${escapeText(story.section)}</category>\n`;
  for (const tag of story.tags) s += category(tag);
  return s;
}

/**
 * RSS 2.0: with a domain, the value is a location in that taxonomy, so a coded tag gives its
 * code there, plus its name as a plain category for readers that show labels.
 */
function category(tag: Tag): string {
  if (tag.scheme !== undefined && tag.code !== undefined) {
    return `${ITEM}<category${attr('domain', tag.scheme)}>${escapeText(tag.code)}</category>\n${ITEM}<category>${escapeText(tag.name)}</category>\n`;
  }
  return `${ITEM}<category${attr('domain', tag.scheme)}>${escapeText(tag.name)}</category>\n`;
}

/**
 * The lead image as the item's single enclosure (RSS Best Practices Profile: at most one).
 * RSS 2.0 requires type and length: without a type there is no enclosure (media:content still
 * carries the image); an unknown length is 0, as the Best Practices Profile prescribes.
 */
function enclosure(image: Image | undefined): string {
  if (image?.type === undefined) return '';
  return `${ITEM}<enclosure${attr('url', image.url)}${attr('length', image.length ?? 0)}${attr('type', image.type)}/>\n`;
}
