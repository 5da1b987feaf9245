import { imageSize } from 'image-size';

// Pixel size from an image's first bytes. image-size parses headers only (no decoding), from a
// buffer, with no dependencies; it covers every type sniffImageType names, AVIF/HEIF included.

export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

/** The largest width or height a record may carry (records/schema.ts). */
const MAX_SIDE = 100_000;

/**
 * undefined while the bytes are too few (a JPEG's size sits after its EXIF and ICC segments,
 * sometimes 100 KB in) or when the header is corrupt: the caller reads more, or gives up.
 */
export function readDimensions(head: Uint8Array): Dimensions | undefined {
  let found: ReturnType<typeof imageSize>;
  try {
    found = imageSize(head);
  } catch {
    return undefined; // truncated or unknown: image-size throws TypeError for both
  }
  const { width, height, orientation } = found;
  if (!isSide(width) || !isSide(height)) return undefined;
  // EXIF orientations 5 to 8 rotate by 90°: readers display the image with sides swapped.
  return orientation !== undefined && orientation >= 5 ? { width: height, height: width } : { width, height };
}

const isSide = (n: number): boolean => Number.isInteger(n) && n > 0 && n <= MAX_SIDE;
