import { describe, expect, it } from 'vitest';
import { InstantTimer, MAX_TIMER_DELAY_MS, type Timers } from './instant-timer.js';

/** A hand-driven clock and timer queue: `advance` moves time and fires what is due. */
function manualTime(start: number) {
  let now = start;
  const pending = new Map<number, { at: number; fn: () => void; delay: number }>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.set(next, { at: now + ms, fn, delay: ms });
      return next++;
    },
    clearTimeout: (id) => void pending.delete(id as number),
  };
  return {
    timers,
    now: () => now,
    delays: () => [...pending.values()].map((p) => p.delay),
    advance(ms: number, fireEarlyBy = 0) {
      now += ms;
      for (const [id, p] of [...pending]) {
        if (p.at - fireEarlyBy > now) continue;
        pending.delete(id);
        p.fn();
      }
    },
  };
}

const DAY = 86_400_000;

describe('InstantTimer', () => {
  it('fires once at the instant', () => {
    const t = manualTime(1_000_000);
    let fired = 0;
    const timer = new InstantTimer(t.now, t.timers, () => fired++);
    timer.set(1_000_300);
    expect(t.delays()).toEqual([300]);
    t.advance(299);
    expect(fired).toBe(0);
    t.advance(1);
    expect(fired).toBe(1);
    expect(timer.dueAt).toBeUndefined();
  });

  it("clamps a far instant to setTimeout's maximum and re-arms until it is reached", () => {
    const t = manualTime(0);
    let fired = 0;
    const timer = new InstantTimer(t.now, t.timers, () => fired++);
    timer.set(40 * DAY);
    expect(t.delays()).toEqual([MAX_TIMER_DELAY_MS]);
    t.advance(MAX_TIMER_DELAY_MS);
    expect(fired).toBe(0);
    expect(t.delays()).toEqual([40 * DAY - MAX_TIMER_DELAY_MS]);
    t.advance(40 * DAY - MAX_TIMER_DELAY_MS);
    expect(fired).toBe(1);
  });

  it('waits out a timer that wakes a millisecond early', () => {
    const t = manualTime(0);
    let fired = 0;
    const timer = new InstantTimer(t.now, t.timers, () => fired++);
    timer.set(500);
    t.advance(499, 1); // the timer fires, the clock is not there yet
    expect(fired).toBe(0);
    expect(t.delays()).toEqual([1]);
    t.advance(1);
    expect(fired).toBe(1);
  });

  it('replaces the instant on each set, and a past instant fires at once', () => {
    const t = manualTime(10_000);
    const fired: number[] = [];
    const timer = new InstantTimer(t.now, t.timers, () => fired.push(t.now()));
    timer.set(20_000);
    timer.set(15_000);
    expect(t.delays()).toEqual([5_000]);
    timer.set(undefined);
    expect(t.delays()).toEqual([]);
    timer.set(9_000);
    expect(t.delays()).toEqual([0]);
    t.advance(0);
    expect(fired).toEqual([10_000]);
  });

  it('counts milliseconds across a daylight-saving change: the wall clock is never consulted', () => {
    // 2026-03-29T01:00:00Z: Europe/Lisbon jumps from 01:00 to 02:00; New York changed on 03-08.
    const instant = Date.parse('2026-03-29T01:00:00Z');
    const t = manualTime(instant - 90 * 60_000);
    let fired = 0;
    new InstantTimer(t.now, t.timers, () => fired++).set(instant);
    expect(t.delays()).toEqual([90 * 60_000]);
    t.advance(90 * 60_000);
    expect(fired).toBe(1);
  });
});
