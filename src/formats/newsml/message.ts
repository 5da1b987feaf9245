import type { Article, Image } from '../../records/article.js';
import { attr, textElement } from '../shared/xml.js';
import { newsmlGuid, pictureGuidOf } from './guids.js';
import { type Lifecycle, lifecycleOf, NAR_NS } from './item-meta.js';
import { packageItem } from './package-item.js';
import { pictureItem } from './picture-item.js';
import { textItem } from './text-item.js';
import type { WireSite } from './wire-site.js';

// One newsMessage per story (newsml-g2.md, The shape): header, then the package, the text and
// one picture per photo. Pure: no clock, no I/O, so the same story gives the same bytes.

export const NEWS_MESSAGE_TYPE = 'application/vnd.iptc.g2.newsmessage+xml';

/** Header priority when the story has no urgency: the middle of 1-9. Superdesk requires the element. */
const DEFAULT_PRIORITY = 5;

export function renderNewsMessage(story: Article, wire: WireSite): string {
  const life = lifecycleOf(story);
  // Every item of the message names the story's guid or a picture's: each is derived once.
  const guid = newsmlGuid(story, wire);
  const pictures = distinctImages(story.images).map((image) => ({ image, guid: pictureGuidOf(guid, image) }));
  let s = '<?xml version="1.0" encoding="UTF-8"?>\n';
  s += `<newsMessage${attr('xmlns', NAR_NS)}>\n`;
  s += header(story, wire, life, guid);
  s += '  <itemSet>\n';
  s += packageItem(story, guid, pictures, wire, life);
  s += textItem(story, guid, wire, life);
  for (const picture of pictures) s += pictureItem(story, picture, wire, life);
  return `${s}  </itemSet>\n</newsMessage>\n`;
}

/**
 * `sent` is the newest versionCreated in the message (all items share the story's), not the
 * build time, so an unchanged story is rewritten byte for byte. transmitId is derived too.
 */
function header(story: Article, wire: WireSite, life: Lifecycle, guid: string): string {
  const p = '    ';
  let s = `  <header>\n${p}<sent>${life.stamps.versionCreated}</sent>\n`;
  s += `${p}${textElement('sender', wire.domain)}\n`;
  s += `${p}${textElement('transmitId', `${guid}:${life.version}`)}\n`;
  s += `${p}<priority>${story.urgency ?? DEFAULT_PRIORITY}</priority>\n`;
  return `${s}  </header>\n`;
}

/** A photo used twice in one story is one picture item: its guid comes from its URL. */
function distinctImages(images: readonly Image[]): Image[] {
  const seen = new Set<string>();
  return images.filter((image) => !seen.has(image.url) && seen.add(image.url));
}
