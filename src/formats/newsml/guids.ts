import { createHash } from 'node:crypto';
import type { Article, Image } from '../../records/article.js';
import type { WireSite } from './wire-site.js';

// newsml-g2.md, Identity: a guid is stable for every version of a story, derived from the
// record id and its first publication, never from the headline. Partners key updates, corrections
// and kills on it, so nothing here may depend on text that can change. Suffixes start with ':',
// which a record id cannot contain, so story `x-package` can never take story `x`'s package guid.

/** `urn:newsml:<domain>:<yyyymmdd of first publication, UTC>:<id>` */
export function newsmlGuid(story: Pick<Article, 'id' | 'published'>, wire: Pick<WireSite, 'domain'>): string {
  const day = new Date(story.published).toISOString().slice(0, 10).replaceAll('-', '');
  return `urn:newsml:${wire.domain}:${day}:${story.id}`;
}

export function packageGuid(
  story: Pick<Article, 'id' | 'published'>,
  wire: Pick<WireSite, 'domain'>,
): string {
  return packageGuidOf(newsmlGuid(story, wire));
}

/** packageGuid from the story's guid, for a writer that has it already. */
export function packageGuidOf(storyGuid: string): string {
  return `${storyGuid}:package`;
}

/**
 * The story's guid plus a short hash of the image URL: it survives reordering the photos and
 * edits to captions or credits, and a different photo gets a different guid. 40 bits of
 * SHA-256 make a clash among one story's photos negligible.
 */
export function pictureGuid(
  story: Pick<Article, 'id' | 'published'>,
  wire: Pick<WireSite, 'domain'>,
  image: Pick<Image, 'url'>,
): string {
  return pictureGuidOf(newsmlGuid(story, wire), image);
}

/** pictureGuid from the story's guid, for a writer that has it already. */
export function pictureGuidOf(storyGuid: string, image: Pick<Image, 'url'>): string {
  const hash = createHash('sha256').update(image.url, 'utf8').digest('hex').slice(0, 10);
  return `${storyGuid}:img-${hash}`;
}
