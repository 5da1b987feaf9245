// The MIME type an image's first bytes declare. Hosts label files by extension and get it
// wrong (`image/jpg`, `application/octet-stream`, a PNG named .jpg), so the bytes decide.
// Signatures: JPEG (ITU T.81 SOI + marker), PNG (RFC 2083 3.1), GIF (87a/89a), WebP (RIFF
// container, "WEBP" form type), ISO BMFF `ftyp` brands for AVIF and HEIF (ISO/IEC 23008-12),
// JPEG XL (ISO/IEC 18181-2), BMP, TIFF.

/** Bytes needed to tell every type below apart. */
export const SNIFF_BYTES = 64;

const ascii = (bytes: Uint8Array, start: number, end: number): string =>
  String.fromCharCode(...bytes.subarray(start, end));

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean =>
  signature.every((b, i) => bytes[i] === b);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JXL_CODESTREAM = [0xff, 0x0a];
const JXL_CONTAINER = [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a];

/** undefined when the bytes start like no image format we know. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (startsWith(bytes, PNG)) return 'image/png';
  const head = ascii(bytes, 0, 6);
  if (head === 'GIF87a' || head === 'GIF89a') return 'image/gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(bytes, 4, 8) === 'ftyp') return isoBrandType(bytes);
  if (startsWith(bytes, JXL_CODESTREAM) || startsWith(bytes, JXL_CONTAINER)) return 'image/jxl';
  if (head.startsWith('BM') && bytes.length >= 26) return 'image/bmp';
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'image/tiff';
  return undefined;
}

/** The major brand and the compatible brands of an `ftyp` box name the image format. */
function isoBrandType(bytes: Uint8Array): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 16) return undefined;
  const boxSize = Math.min(view.getUint32(0), bytes.length);
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(ascii(bytes, at, at + 4));
  if (brands.includes('avif') || brands.includes('avis')) return 'image/avif';
  if (brands.some((b) => ['heic', 'heix', 'heim', 'heis'].includes(b))) return 'image/heic';
  if (brands.includes('mif1') || brands.includes('msf1')) return 'image/heif';
  return undefined;
}

/** The type to publish: the bytes' signature, else the header for formats we cannot sniff. */
export function decideImageType(
  head: Uint8Array,
  contentType: string | undefined,
): { readonly type: string } | { readonly notImage: string } {
  const sniffed = sniffImageType(head);
  if (sniffed !== undefined) return { type: sniffed };
  const labelled = normaliseContentType(contentType);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 512));
  const svg = /<svg[\s>]/i.test(text);
  if (labelled === 'image/svg+xml' && svg) return { type: labelled };
  const shown = contentType?.split(';')[0]?.trim() || 'no Content-Type';
  // Markup where a photo should be: an error page, a login wall, a CDN's "not found".
  if (/^\s*\uFEFF?\s*</.test(text)) return { notImage: `an HTML or XML page (${shown}), not an image` };
  if (labelled === undefined) return { notImage: `not an image (${shown}; unknown signature)` };
  if (SNIFFED.has(labelled)) return { notImage: `labelled ${labelled}, but the bytes are not one` };
  return { type: labelled };
}

const SNIFFED = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/heic',
  'image/heif',
  'image/jxl',
  'image/bmp',
  'image/tiff',
  'image/svg+xml',
]);

/** `image/jpg; charset=x` → `image/jpeg`; anything but image/* → undefined. */
export function normaliseContentType(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  if (type === undefined || !/^image\/[a-z0-9.+-]+$/.test(type)) return undefined;
  return type === 'image/jpg' || type === 'image/pjpeg' ? 'image/jpeg' : type;
}
