// Instants are epoch milliseconds; each format renders them in its own syntax.

/** RFC 822 as RSS 2.0 wants it, with a four-digit year, in GMT. */
export function rfc822(ms: number): string {
  return new Date(ms).toUTCString();
}

/** RFC 3339 in UTC, fractional seconds only when there are some. */
export function rfc3339(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
