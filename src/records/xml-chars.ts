// XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// Every text a record carries is cleaned with this, so all formats can carry it.

// Characters XML cannot carry (plus C1 controls, which no news text needs and
// validators warn about), lone surrogates, and the Unicode non-characters XML 1.0 §2.2 asks
// documents to avoid: U+FDD0..U+FDEF and the last two code points of every plane.
const FORBIDDEN_SOURCE =
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF]' +
  '|[\\uD83F\\uD87F\\uD8BF\\uD8FF\\uD93F\\uD97F\\uD9BF\\uD9FF\\uDA3F\\uDA7F\\uDABF\\uDAFF\\uDB3F\\uDB7F\\uDBBF\\uDBFF][\\uDFFE\\uDFFF]' +
  '|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const FORBIDDEN = new RegExp(FORBIDDEN_SOURCE, 'g');
const HAS_FORBIDDEN = new RegExp(FORBIDDEN_SOURCE);

// Fast path: text with none of these UTF-16 units (forbidden ones, C1 controls, CR, any
// surrogate) is already clean. A plain class is several times faster than the lookaround
// pattern on long two-byte strings such as bodies with typographic quotes.
const MAYBE_UNCLEAN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF]/;

/** Removes what XML forbids; a parser reads back exactly what this returns (line ends included). */
export function cleanText(s: string): string {
  if (!MAYBE_UNCLEAN.test(s)) return s;
  let out = HAS_FORBIDDEN.test(s) ? s.replace(FORBIDDEN, '') : s;
  // XML parsers turn CR LF and lone CR into LF (XML 1.0 §2.11); do it first so text round-trips.
  if (out.includes('\r')) out = out.replace(/\r\n?/g, '\n');
  return out;
}
