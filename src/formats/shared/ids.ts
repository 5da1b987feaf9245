import { cleanText } from '../../records/xml-chars.js';
import type { Site } from '../feed-view.js';

// RFC 4151 tag URIs: identity comes from the record id and the site's authority,
// never from the headline or the URL, so it survives corrections and URL changes.

export function storyTagUri(site: Site, id: string): string {
  return `tag:${site.tagAuthority},${site.tagDate}:story/${id}`;
}

/**
 * A feed key may hold a slug in any script; RFC 4151 allows only URI characters, so each
 * segment is percent-encoded (an ASCII key is unchanged).
 */
export function feedTagUri(site: Site, key: string): string {
  // cleanText first: a lone surrogate cannot be percent-encoded (encodeURIComponent throws).
  const specific = key
    .split('/')
    .map((part) => encodeURIComponent(cleanText(part)))
    .join('/');
  return `tag:${site.tagAuthority},${site.tagDate}:feed/${specific}`;
}
