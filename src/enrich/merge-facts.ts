import type { ImageFacts } from '../media/image-facts.js';
import type { Image } from '../records/article.js';

// Record facts win: the newsroom may know better (a CDN resizing on the fly, a host mid-update),
// and a surprise in the published feed is worse than a stale number. Disagreements are reported
// so someone can fix whichever side is wrong.

export interface Disagreement {
  readonly field: 'type' | 'length' | 'width' | 'height';
  readonly record: string | number;
  readonly measured: string | number;
}

export interface Merged {
  /** The same object when nothing was added. */
  readonly image: Image;
  readonly disagreements: readonly Disagreement[];
}

export function mergeFacts(image: Image, measured: ImageFacts): Merged {
  const disagreements: Disagreement[] = [];
  const pick = <K extends 'type' | 'length' | 'width' | 'height'>(field: K): Image[K] | ImageFacts[K] => {
    const mine = image[field];
    const theirs = measured[field];
    if (mine !== undefined && theirs !== undefined && mine !== theirs)
      disagreements.push({ field, record: mine, measured: theirs });
    return mine ?? theirs;
  };
  const type = pick('type');
  const length = pick('length');
  const size = pickSize(image, measured, disagreements);
  const added =
    type !== image.type ||
    length !== image.length ||
    size.width !== image.width ||
    size.height !== image.height;
  if (!added) return { image, disagreements };
  return {
    image: {
      ...image,
      ...(type === undefined ? {} : { type }),
      ...(length === undefined ? {} : { length }),
      ...size,
    },
    disagreements,
  };
}

/**
 * Width and height go together: a record's width with a measured height would describe an
 * image nobody has. The missing side is filled only when the given side agrees with the host.
 */
function pickSize(
  image: Image,
  measured: ImageFacts,
  out: Disagreement[],
): { width?: number; height?: number } {
  const { width: w, height: h } = image;
  const { width: mw, height: mh } = measured;
  if (w !== undefined && mw !== undefined && w !== mw) out.push({ field: 'width', record: w, measured: mw });
  if (h !== undefined && mh !== undefined && h !== mh) out.push({ field: 'height', record: h, measured: mh });
  if (w !== undefined && h !== undefined) return { width: w, height: h };
  if (w === undefined && h === undefined)
    return mw !== undefined && mh !== undefined ? { width: mw, height: mh } : {};
  const agrees = w !== undefined ? w === mw : h === mh;
  if (!agrees || mw === undefined || mh === undefined)
    return w !== undefined ? { width: w } : { height: h as number };
  return { width: mw, height: mh };
}

/** The record's width if known, else undefined: used for the minimum-size report. */
export function isNarrowerThan(image: Image, minWidthPx: number): boolean {
  return minWidthPx > 0 && image.width !== undefined && image.width < minWidthPx;
}
