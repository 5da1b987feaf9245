// Parsers' time grows with nesting (V8's JSON.parse takes a second for a million nested arrays,
// the yaml package two for fifty thousand flow sequences), while a record needs a few levels:
// `images[0].credit.agency` is four. Deeper input is refused before it is parsed.

export const MAX_RECORD_DEPTH = 64;

/**
 * Whether `[` and `{` nest deeper than `max` outside quoted strings. Exact for JSON; for YAML
 * flow collections it skips "…" and '…' scalars, enough for a bound.
 */
export function nestsDeeperThan(text: string, max: number, quotes: 'json' | 'yaml'): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      if (depth > 0) depth--;
    } else if (c === 0x22 /* " */) {
      // A record's text is mostly its body, one long string: found with indexOf, not stepped
      // through a character at a time.
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && escaped(text, end)) end = text.indexOf('"', end + 1);
      i = end === -1 ? text.length : end;
    } else if (c === 0x27 /* ' */ && quotes === 'yaml') {
      const end = text.indexOf("'", i + 1);
      i = end === -1 ? text.length : end;
    }
  }
  return false;
}

/** Whether the quote at `at` is escaped: preceded by an odd run of backslashes. */
function escaped(text: string, at: number): boolean {
  let before = at - 1;
  while (text.charCodeAt(before) === 0x5c /* \ */) before--;
  return (at - 1 - before) % 2 === 1;
}
