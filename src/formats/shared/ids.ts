import type { Site } from '../feed-view.js';

// RFC 4151 tag URIs: identity comes from the record id and the site's authority,
// never from the headline or the URL, so it survives corrections and URL changes.

export function storyTagUri(site: Site, id: string): string {
  return `tag:${site.tagAuthority},${site.tagDate}:story/${id}`;
}

export function feedTagUri(site: Site, key: string): string {
  return `tag:${site.tagAuthority},${site.tagDate}:feed/${key}`;
}
