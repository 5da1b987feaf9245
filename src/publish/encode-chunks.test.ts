import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeChunks, encodeJoined, Utf8Run } from './encode-chunks.js';

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

describe('Utf8Run', () => {
  it('gives exactly the UTF-8 of its pieces, text or bytes, as it grows (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'grapheme', maxLength: 300 }),
            fc.string({ unit: 'grapheme', maxLength: 300 }).map((s) => Buffer.from(s)),
            // Past the room kept between runs, so the run grows mid-way.
            fc.constant('“long” '.repeat(200_000)),
          ),
          { maxLength: 12 },
        ),
        (pieces) => {
          const expected = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
          const run = new Utf8Run();
          const starts: number[] = [];
          for (const p of pieces) {
            starts.push(run.length);
            run.add(p);
          }
          const out = run.finish((n) => Buffer.alloc(n));
          expect(out.equals(expected)).toBe(true);
          pieces.forEach((p, i) => {
            const bytes = typeof p === 'string' ? Buffer.from(p) : p;
            expect(out.subarray(starts[i], (starts[i] as number) + bytes.length).equals(bytes)).toBe(true);
          });
          expect(encodeJoined(pieces, (n) => Buffer.alloc(n)).equals(expected)).toBe(true);
        },
      ),
      { seed: 11, numRuns: 60 },
    );
  });

  it('keeps two runs open at once apart', () => {
    const outer = new Utf8Run();
    outer.add('<outer>');
    const inner = new Utf8Run();
    inner.add('<inner/>');
    outer.add('</outer>');
    expect(inner.finish((n) => Buffer.alloc(n)).toString()).toBe('<inner/>');
    expect(outer.finish((n) => Buffer.alloc(n)).toString()).toBe('<outer></outer>');
    // The room goes back for the next run, which starts empty.
    const next = new Utf8Run();
    next.add('x');
    expect(next.finish((n) => Buffer.alloc(n)).toString()).toBe('x');
  });
});
