import type { Article, Credit, Image } from '../records/article.js';
import type { FeedView, Site } from './feed-view.js';
import { rfc3339 } from './shared/dates.js';
import { storyTagUri } from './shared/ids.js';
import { itemImages, storyLead } from './shared/story-html.js';
import { cleanText, escapeText } from './shared/xml.js';

// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Each item is a plain object built
// once and stringified once: JSON.stringify does all JSON escaping and drops undefined members,
// so optional fields are written as `undefined` rather than with conditional spreads.

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

/**
 * JSON Feed 1.1 §Extensions: `about` is for a human reading the feed and should appear in the
 * first use of the extension, which is the top-level `_syndicate`. Kept in one place so it can
 * become a URL once the extension's documentation is published.
 */
export const SYNDICATE_EXTENSION_ABOUT =
  'Syndicate newsroom extension (photo captions and credits, corrections, rights); see docs/jsonfeed-extension.md in Syndicate';

// A MIME type as RFC 6838 §4.2 names them; anything else is treated as unknown.
const MIME_TYPE = /^[A-Za-z0-9][\w!#$&^.+-]*\/[A-Za-z0-9][\w!#$&^.+-]*$/;

export function* renderJsonFeed(feed: FeedView): Generator<string> {
  yield jsonFeedHead(feed);
  let first = true;
  const full = feed.content !== 'summary';
  for (const story of feed.stories) {
    // One item per line keeps golden-file diffs readable; the separator travels with the item.
    yield `${jsonFeedSeparator(first ? 0 : 1)}${jsonFeedItem(story, feed.site, full)}`;
    first = false;
  }
  yield jsonFeedTail(feed.stories.length);
}

/** The document up to its first item: everything but `items`, then `"items":[`. */
export function jsonFeedHead(feed: FeedView): string {
  const head = JSON.stringify(top(feed));
  return `${head.slice(0, -1)},"items":[`;
}

/** One item as JSON text, without the separator that joins it to the others. */
export function jsonFeedItem(story: Article, site: Site, full: boolean): string {
  return JSON.stringify(item(story, site, full));
}

/** What goes before the item at `index`: one item per line. */
export const jsonFeedSeparator = (index: number): string => (index === 0 ? '\n' : ',\n');

export const jsonFeedTail = (items: number): string => (items === 0 ? ']}\n' : '\n]}\n');

export function renderJsonFeedString(feed: FeedView): string {
  let out = '';
  for (const chunk of renderJsonFeed(feed)) out += chunk;
  return out;
}

function top(feed: FeedView) {
  const { site, links } = feed;
  return {
    version: JSON_FEED_VERSION,
    title: cleanText(feed.title),
    home_page_url: links.html,
    feed_url: links.json,
    description: cleanText(feed.description),
    // One logo serves both: `icon` wants ~512 px, `favicon` at least 64 px; readers scale.
    icon: site.logoUrl,
    favicon: site.logoUrl,
    language: site.language,
    hubs: site.hubs?.length ? site.hubs.map((url) => ({ type: 'WebSub', url })) : undefined,
    // JSON Feed pages toward older items; the next older archive page is exactly that.
    next_url: feed.paging?.prevArchive?.json,
    // No top-level `authors`: items without authors would inherit the site as their author,
    // which is wrong for agency copy. JSON Feed has no feed-level updated time or copyright.
    _syndicate: {
      about: SYNDICATE_EXTENSION_ABOUT,
      updated: feed.updated === undefined ? undefined : rfc3339(feed.updated),
      rights: site.copyright === undefined ? undefined : cleanText(site.copyright),
      // On an archive page: the subscription document, as RFC 5005's `current` link.
      current_url: feed.paging?.current?.json,
    },
  };
}

function item(story: Article, site: Site, full: boolean) {
  const published = rfc3339(story.published);
  return {
    id: storyTagUri(site, story.id),
    url: story.url,
    title: cleanText(story.headline),
    // As RSS `description`: the deck stands in for a missing summary.
    summary: optionalText(story.summary ?? story.subheadline),
    content_html: contentHtml(story, full),
    image: story.images[0]?.url,
    date_published: published,
    date_modified: story.updated === story.published ? published : rfc3339(story.updated),
    authors: authors(story),
    tags: tags(story),
    // JSON Feed 1.1: an item's `language` is for items that differ from the feed's.
    language: story.language === site.language ? undefined : story.language,
    attachments: attachments(itemImages(story, full)),
    _syndicate: extension(story, full),
  };
}

// The same lead as RSS and Atom, then the body, which records already cleaned (Article.bodyHtml).
// Without the body, JSON Feed still needs content (1.1: html or text): the lead, or else the
// summary as a paragraph.
function contentHtml(story: Article, full: boolean): string {
  if (full) return storyLead(story) + story.bodyHtml;
  const lead = storyLead(story);
  return lead !== '' ? lead : `<p>${escapeText(story.summary ?? story.headline)}</p>`;
}

// JSON Feed authors have no email: staff addresses stay out of public feeds (a `mailto:` url
// would publish them too). The printed byline stands in when the record names no one.
function authors(story: Article) {
  if (story.authors.length) return story.authors.map((a) => ({ name: cleanText(a.name), url: a.url }));
  return story.byline ? [{ name: cleanText(story.byline) }] : undefined;
}

function tags(story: Article): string[] | undefined {
  const names = new Set<string>();
  const section = cleanText(story.section);
  if (section) names.add(section);
  for (const t of story.tags) {
    const name = cleanText(t.name);
    if (name) names.add(name);
  }
  return names.size ? [...names] : undefined;
}

// JSON Feed 1.1: `mime_type` is required, so an image whose type the media probe could not learn
// is not an attachment (guessing from the file name could lie); it stays in `_syndicate.images`.
// Attachments with the same `title` are alternate representations of one thing, so a caption
// shared by two photos is not used as a title.
function attachments(images: readonly Image[]) {
  const typed: { image: Image; type: string; title: string }[] = [];
  for (const image of images) {
    if (image.type && MIME_TYPE.test(image.type))
      typed.push({ image, type: image.type, title: cleanText(image.caption) });
  }
  if (!typed.length) return undefined;
  return typed.map(({ image, type, title }) => ({
    url: image.url,
    mime_type: type,
    title: title && typed.filter((t) => t.title === title).length === 1 ? title : undefined,
    size_in_bytes: image.length,
  }));
}

// The `_syndicate` item extension; docs/jsonfeed-extension.md documents each member.
function extension(story: Article, full: boolean) {
  const d = story.dateline;
  return {
    images: story.images.length ? itemImages(story, full).map(imageFacts) : undefined,
    source: optionalText(story.source),
    byline: optionalText(story.byline),
    rights: optionalText(story.rights),
    version: story.version,
    corrections: story.corrections.length
      ? story.corrections.map((c) => ({ date: rfc3339(c.date), text: cleanText(c.text) }))
      : undefined,
    dateline: d && {
      city: optionalText(d.city),
      region: optionalText(d.region),
      country: optionalText(d.country),
      lat: d.lat,
      lon: d.lon,
    },
  };
}

function imageFacts(image: Image) {
  const caption = cleanText(image.caption);
  return {
    url: image.url,
    caption,
    // Records default alt to the caption; repeating it would only add bytes.
    alt: image.alt === image.caption ? undefined : cleanText(image.alt),
    credit: credit(image.credit),
    width: image.width,
    height: image.height,
    rights: optionalText(image.rights),
  };
}

function credit(c: Credit) {
  return {
    line: cleanText(c.line),
    photographer: optionalText(c.photographer),
    agency: optionalText(c.agency),
    distributor: optionalText(c.distributor),
  };
}

function optionalText(s: string | undefined): string | undefined {
  return s === undefined ? undefined : cleanText(s);
}
