// IRIType is xs:anyURI, and libxml2 rejects what RFC 3986 forbids even where WHATWG URL
// parsing (which checked the record) accepts it: `[` in a path, a second `#`, `%` without two
// hex digits. A record's valid URL must not make its wire message invalid, so each IRI is
// escaped here: the authority (already normalised by the URL parser) is kept as it is.

const AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/is;
const UNSAFE = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/gu;

/** An IRI libxml2 accepts as xs:anyURI, with the same meaning as `raw`. */
export function iri(raw: string): string {
  const m = AUTHORITY.exec(raw);
  const head = m ? (m[1] as string) : '';
  const rest = m ? (m[2] as string) : raw;
  const hash = rest.indexOf('#');
  if (hash < 0) return head + encode(rest);
  // RFC 3986 §3.5: the fragment is everything after the first `#`; any later one is data.
  return `${head}${encode(rest.slice(0, hash))}#${encode(rest.slice(hash + 1)).replaceAll('#', '%23')}`;
}

/** Percent-encodes, as UTF-8, what RFC 3986 does not allow (a module function: iri() runs per link). */
function encode(s: string): string {
  return s.replace(UNSAFE, encodeUtf8);
}

function encodeUtf8(c: string): string {
  let out = '';
  for (const byte of Buffer.from(c, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}
