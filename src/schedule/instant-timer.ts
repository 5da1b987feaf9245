// A one-shot timer at an instant (ms since the epoch), for the next embargo. It compares
// instants only: the cron's time zone and daylight-saving changes cannot move it.

/** setTimeout's delay is a signed 32-bit int; longer delays fire at once (Node warns and uses 1 ms). */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** The timer functions the scheduler uses, injectable so tests drive time. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref(); // a pending embargo alone must not keep a stopped service alive
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class InstantTimer {
  private handle: unknown;
  private at: number | undefined;

  constructor(
    private readonly now: () => number,
    private readonly timers: Timers,
    private readonly onDue: () => void,
  ) {}

  /** The instant it waits for, if armed. */
  get dueAt(): number | undefined {
    return this.at;
  }

  /** Arms for `at`, replacing any earlier instant; `undefined` disarms. A past instant fires at once. */
  set(at: number | undefined): void {
    this.clear();
    if (at === undefined || !Number.isFinite(at)) return;
    this.at = at;
    this.arm(at);
  }

  clear(): void {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
    this.at = undefined;
  }

  private arm(at: number): void {
    const delay = Math.min(Math.max(0, at - this.now()), MAX_TIMER_DELAY_MS);
    this.handle = this.timers.setTimeout(() => this.wake(), delay);
  }

  private wake(): void {
    this.handle = undefined;
    const at = this.at;
    if (at === undefined) return;
    // Woken by the clamp, or a millisecond early by timer rounding: wait for the rest.
    if (this.now() < at) {
      this.arm(at);
      return;
    }
    this.at = undefined;
    this.onDue();
  }
}
