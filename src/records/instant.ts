// RFC 3339 §5.6 date-time. An offset is required: a local time is not an instant,
// and guessing its zone could release an embargoed story hours early.

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;
const LOCAL = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

export type InstantResult = { ok: true; ms: number } | { ok: false; message: string };

export function parseInstant(value: string): InstantResult {
  const m = RFC3339.exec(value);
  if (!m) {
    if (LOCAL.test(value))
      return { ok: false, message: `"${value}" has no UTC offset; add Z or one like +02:00` };
    return {
      ok: false,
      message: `"${short(value)}" is not an RFC 3339 date-time such as 2026-10-02T08:00:00+02:00`,
    };
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offHours = m[10] === undefined ? 0 : Number(m[10]);
  const offMinutes = m[11] === undefined ? 0 : Number(m[11]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    return { ok: false, message: `"${value}" is not a real calendar date` };
  }
  // RFC 3339 allows second 60 for a leap second; it is the same instant as :59.999 for ordering.
  if (hour > 23 || minute > 59 || second > 60)
    return { ok: false, message: `"${value}" is not a real time of day` };
  if (offHours > 23 || offMinutes > 59)
    return { ok: false, message: `"${value}" has an impossible UTC offset` };
  const fraction = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  const sign = m[9] === '-' ? -1 : 1;
  const local = Date.UTC(
    year,
    month - 1,
    day,
    hour,
    minute,
    Math.min(second, 59),
    second === 60 ? 999 : fraction,
  );
  const ms = local - sign * (offHours * 60 + offMinutes) * 60_000;
  // ECMAScript dates end at ±8.64e15 ms; years 0000–9999 are well inside.
  return { ok: true, ms };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function short(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
