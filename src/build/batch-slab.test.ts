import { describe, expect, it } from 'vitest';
import { BatchSlab } from './batch-slab.js';

describe('BatchSlab', () => {
  it('hands out stretches of one slab in order, then Buffers of their own when full', () => {
    const slab = new BatchSlab(100);
    const a = slab.take(40);
    const b = slab.take(60);
    expect(a.buffer).toBe(b.buffer);
    expect(b.byteOffset).toBe(a.byteOffset + 40);
    a.fill(1);
    b.fill(2);
    expect([...a].every((x) => x === 1)).toBe(true);
    const own = slab.take(1);
    expect(own.buffer).not.toBe(a.buffer);
    expect(own).toHaveLength(1);
  });

  it('starts over once the batch in it is done with, and never makes a slab for what does not fit', () => {
    const slab = new BatchSlab(10);
    const big = slab.take(11);
    expect(big).toHaveLength(11);
    const first = slab.take(10);
    slab.reuse();
    const again = slab.take(10);
    expect(again.buffer).toBe(first.buffer);
    expect(again.byteOffset).toBe(first.byteOffset);
  });
});
