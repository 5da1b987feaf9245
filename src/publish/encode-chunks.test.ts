import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeChunks } from './encode-chunks.js';

describe('encodeChunks', () => {
  it('gives exactly the UTF-8 of the joined chunks, whatever their sizes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 300 }), { maxLength: 40 }),
        fc.integer({ min: 16, max: 2048 }),
        (chunks, block) => {
          const out = Buffer.concat([...encodeChunks(chunks, block)]);
          expect(out.equals(Buffer.from(chunks.join(''), 'utf8'))).toBe(true);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('yields blocks no larger than the block size unless one chunk is larger', () => {
    const blocks = [...encodeChunks(['a'.repeat(100), 'é'.repeat(100), 'b'.repeat(5000)], 1024)];
    expect(blocks.map((b) => b.length)).toEqual([300, 5000]);
  });

  it('yields fresh buffers, so a consumer may keep them', () => {
    const blocks = [...encodeChunks(['x'.repeat(600), 'y'.repeat(600)], 1024)];
    expect(blocks.map((b) => b.toString())).toEqual(['x'.repeat(600), 'y'.repeat(600)]);
  });
});
