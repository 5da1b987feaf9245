import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstant } from './instant.js';

describe('parseInstant', () => {
  it('reads RFC 3339 with Z, positive and negative offsets as the same instant', () => {
    const z = parseInstant('2026-10-02T08:00:00Z');
    expect(z).toEqual({ ok: true, ms: Date.UTC(2026, 9, 2, 8) });
    expect(parseInstant('2026-10-02T10:00:00+02:00')).toEqual(z);
    expect(parseInstant('2026-10-02T03:00:00-05:00')).toEqual(z);
    expect(parseInstant('2026-10-02t08:00:00.250z')).toEqual({
      ok: true,
      ms: Date.UTC(2026, 9, 2, 8, 0, 0, 250),
    });
  });

  it('rejects a time without an offset and says how to fix it', () => {
    const r = parseInstant('2026-10-02T08:00:00');
    expect(r).toEqual({
      ok: false,
      message: '"2026-10-02T08:00:00" has no UTC offset; add Z or one like +02:00',
    });
    expect(parseInstant('2026-10-02').ok).toBe(false);
  });

  it.each([
    '2026-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T00:00:00+24:00',
  ])('rejects the impossible %s', (value) => {
    expect(parseInstant(value).ok).toBe(false);
  });

  it('accepts 29 February in a leap year and a leap second', () => {
    expect(parseInstant('2028-02-29T12:00:00Z').ok).toBe(true);
    expect(parseInstant('2016-12-31T23:59:60Z').ok).toBe(true);
  });

  it('rejects text that is not a date at all', () => {
    expect(parseInstant('next Tuesday')).toEqual({
      ok: false,
      message: '"next Tuesday" is not an RFC 3339 date-time such as 2026-10-02T08:00:00+02:00',
    });
  });

  it('gives the instant any offset denotes (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1971-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (date, offsetMinutes) => {
          const ms = Math.floor(date.getTime() / 1000) * 1000;
          const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
          const abs = Math.abs(offsetMinutes);
          const off = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseInstant(`${local}${off}`)).toEqual({ ok: true, ms });
        },
      ),
      { seed: 20261126, numRuns: 500 },
    );
  });
});
