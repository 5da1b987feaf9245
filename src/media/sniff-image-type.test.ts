import { describe, expect, it } from 'vitest';
import { FIXTURES, type FixtureName, fixture } from '../../test/image-host.js';
import { readDimensions } from './read-dimensions.js';
import { decideImageType, sniffImageType } from './sniff-image-type.js';

// Pure: real files made with ImageMagick and libavif, and bytes built here.

/** A JPEG with `padding` bytes of comment segments before its frame header, as big EXIF/ICC blocks do. */
function paddedJpeg(padding: number): Buffer {
  const jpeg = fixture('photo.jpg');
  const segments: Buffer[] = [];
  for (let left = padding; left > 0; left -= 65_533) {
    const size = Math.min(left, 65_533);
    const header = Buffer.from([0xff, 0xfe, (size + 2) >> 8, (size + 2) & 0xff]);
    segments.push(header, Buffer.alloc(size, 0x20));
  }
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

/** The fixture JPEG with an EXIF block saying "rotate 90°" (orientation 6). */
function rotatedJpeg(): Buffer {
  const jpeg = fixture('photo.jpg');
  const tiff = Buffer.from([
    ...[0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8], // big-endian TIFF header, IFD at 8
    ...[0, 1], // one entry
    ...[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0], // Orientation, SHORT, 1, value 6
    ...[0, 0, 0, 0], // no next IFD
  ]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([
    Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff]),
    body,
  ]);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

describe('sniffImageType and readDimensions', () => {
  it.each(Object.keys(FIXTURES) as FixtureName[])('know %s by its bytes', (name) => {
    const bytes = fixture(name);
    expect(sniffImageType(bytes)).toBe(FIXTURES[name].type);
    const { width, height } = FIXTURES[name];
    expect(readDimensions(bytes)).toEqual({ width, height });
  });

  it('find nothing in HTML, plain text or a few bytes', () => {
    expect(sniffImageType(Buffer.from('<!doctype html><html>'))).toBeUndefined();
    expect(sniffImageType(Buffer.from([0xff, 0xd8]))).toBeUndefined();
    expect(readDimensions(fixture('photo.jpg').subarray(0, 40))).toBeUndefined();
    expect(readDimensions(Buffer.from('hello'))).toBeUndefined();
  });

  it('read a JPEG size that sits 150 KB in, once enough bytes are there', () => {
    const jpeg = paddedJpeg(150_000);
    expect(readDimensions(jpeg.subarray(0, 100_000))).toBeUndefined();
    expect(readDimensions(jpeg)).toEqual({ width: 640, height: 427 });
  });

  it('swap the sides of a JPEG whose EXIF orientation turns it by 90°', () => {
    expect(readDimensions(rotatedJpeg())).toEqual({ width: 427, height: 640 });
  });
});

describe('decideImageType', () => {
  it('trusts the bytes over the Content-Type', () => {
    expect(decideImageType(fixture('photo.jpg'), 'image/png')).toEqual({ type: 'image/jpeg' });
    expect(decideImageType(fixture('lamp.webp'), 'text/html')).toEqual({ type: 'image/webp' });
  });

  it('falls back on the Content-Type only for formats it cannot sniff', () => {
    const ico = Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, ...new Array(60).fill(0)]);
    expect(decideImageType(ico, 'image/x-icon')).toEqual({ type: 'image/x-icon' });
    expect(
      decideImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml'),
    ).toEqual({
      type: 'image/svg+xml',
    });
  });

  it('refuses markup, and bytes that are not the image their label claims', () => {
    const html = Buffer.from('  <!DOCTYPE html><title>Login</title>');
    expect(decideImageType(html, 'image/jpeg')).toEqual({
      notImage: 'an HTML or XML page (image/jpeg), not an image',
    });
    expect(decideImageType(Buffer.alloc(64, 7), 'image/jpg')).toEqual({
      notImage: 'labelled image/jpeg, but the bytes are not one',
    });
    expect(decideImageType(Buffer.alloc(64, 7), undefined)).toEqual({
      notImage: 'not an image (no Content-Type; unknown signature)',
    });
  });
});
