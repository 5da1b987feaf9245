import type { Article, Credit, Image } from '../records/article.js';
import { attr, cleanText, escapeText } from './shared/xml.js';

// Media RSS 1.5.1 (https://www.rssboard.org/media-rss), shared by the RSS and Atom writers:
// one media:content per image, with its caption, credits and copyright.

export const MEDIA_NS = 'http://search.yahoo.com/mrss/';

/**
 * EBU role codes for the parts of a newsroom credit line. Media RSS: role "Must be lowercase";
 * scheme urn:ebu is the EBU Role Codes list. The agency produced the picture and the distributor
 * delivers it to publishers (EBU RoleCodeCS 10.2). Why these: docs/media-credits.md.
 */
export const CREDIT_ROLES = {
  photographer: 'photographer',
  agency: 'production company',
  distributor: 'distribution company',
} as const;

const CREDIT_PARTS = ['photographer', 'agency', 'distributor'] as const;

/** Whether any story carries an image, so the document must declare the media namespace. */
export function hasImages(stories: readonly Article[]): boolean {
  for (const story of stories) if (story.images.length > 0) return true;
  return false;
}

/**
 * One media:credit per credited party, in the printed order. The printed line must stay
 * recoverable: it is the role-tagged names joined by "/", unless a media:credit without a role
 * is present, which then holds the line verbatim (docs/media-credits.md).
 */
export function mediaCredits(credit: Credit, pad: string): string {
  let parts = '';
  let printed = '';
  for (const key of CREDIT_PARTS) {
    const name = credit[key];
    if (!name) continue;
    parts += `${pad}<media:credit role="${CREDIT_ROLES[key]}" scheme="urn:ebu">${escapeText(name)}</media:credit>\n`;
    printed = printed ? `${printed}/${name}` : name;
  }
  if (cleanText(printed) === cleanText(credit.line)) return parts;
  return `${pad}<media:credit>${escapeText(credit.line)}</media:credit>\n${parts}`;
}

/** `<media:content>` for one image; `pad` is its indentation, children get two more spaces. */
export function mediaContent(image: Image, pad: string): string {
  const inner = `${pad}  `;
  // Media RSS: fileSize, width and height are positive integers; unknown or zero means absent.
  let s = `${pad}<media:content${attr('url', image.url)}${attr('type', image.type)} medium="image"${
    image.width ? attr('width', image.width) : ''
  }${image.height ? attr('height', image.height) : ''}${image.length ? attr('fileSize', image.length) : ''}>\n`;
  s += `${inner}<media:description type="plain">${escapeText(image.caption)}</media:description>\n`;
  s += mediaCredits(image.credit, inner);
  if (image.rights !== undefined)
    s += `${inner}<media:copyright>${escapeText(image.rights)}</media:copyright>\n`;
  return `${s}${pad}</media:content>\n`;
}
