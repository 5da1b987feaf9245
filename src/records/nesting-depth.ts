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
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      i = j;
    } else if (c === 0x27 /* ' */ && quotes === 'yaml') {
      const end = text.indexOf("'", i + 1);
      i = end === -1 ? text.length : end;
    }
  }
  return false;
}
