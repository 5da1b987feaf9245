import { describe, expect, it } from 'vitest';
import { giveBack, takeRoom } from './run-rooms.js';

describe('run rooms', () => {
  it('serves a later run from the memory an earlier one handed back', () => {
    const first = takeRoom(3_000_000);
    expect(first.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(first.length).toBe(3_000_000);
    giveBack(first);
    const second = takeRoom(2_500_000);
    expect(second.buffer).toBe(first.buffer);
    expect(second.length).toBe(2_500_000);
    giveBack(second);
  });

  it('never hands out memory a run still holds', () => {
    const held = takeRoom(100_000);
    const other = takeRoom(100_000);
    expect(other.buffer).not.toBe(held.buffer);
    giveBack(held);
    giveBack(other);
  });

  it('keeps a handful of buffers, and none larger than its limit', () => {
    const rooms = Array.from({ length: 10 }, () => takeRoom(1_000_000));
    for (const r of rooms) giveBack(r);
    const again = Array.from({ length: 10 }, () => takeRoom(1_000_000));
    const reused = again.filter((r) => rooms.some((o) => o.buffer === r.buffer));
    expect(reused.length).toBeGreaterThan(0);
    expect(reused.length).toBeLessThan(10);
    for (const r of again) giveBack(r);
    const huge = takeRoom(40 << 20);
    giveBack(huge);
    expect(takeRoom(40 << 20).buffer).not.toBe(huge.buffer);
  });
});
