import ipaddr from 'ipaddr.js';

// Which addresses an image request may connect to. ipaddr.js keeps the IANA special-purpose
// tables (RFC 6890 and later), so we inherit its list instead of maintaining our own CIDRs.

export type AddressVerdict =
  | { readonly ok: true; readonly address: string }
  | { readonly ok: false; readonly reason: string };

const RANGE_NAMES: Readonly<Record<string, string>> = {
  unspecified: 'unspecified address',
  broadcast: 'broadcast address',
  multicast: 'multicast address',
  linkLocal: 'link-local address',
  loopback: 'loopback address',
  carrierGradeNat: 'carrier-grade NAT address',
  private: 'private address',
  uniqueLocal: 'unique local address',
  ipv4Mapped: 'IPv4-mapped IPv6 address',
  rfc6145: 'IPv4-translated IPv6 address',
  rfc6052: 'NAT64 address',
  '6to4': '6to4 address',
  teredo: 'Teredo address',
};

/** IPv6 global unicast is 2000::/3 (RFC 4291 2.4); everything outside it is unassigned or special. */
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

/**
 * Classifies an IP address written as text (brackets and zone allowed). Only plain public
 * unicast passes. IPv4 written in any form but four decimal parts (`0x7f.1`, `017700000001`,
 * `2130706433`, `127.1`) is refused as such: parsers disagree about those forms, which is how
 * guards get bypassed, and no honest image URL uses them.
 */
export function classifyAddress(text: string): AddressVerdict {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(bare)) return { ok: false, reason: 'not an IP address' };
  const isV4Form = !bare.includes(':');
  if (isV4Form && !ipaddr.IPv4.isValidFourPartDecimal(bare))
    return { ok: false, reason: 'IPv4 address in a non-standard numeric form' };
  const addr = ipaddr.parse(bare);
  const range = addr.range();
  if (range !== 'unicast') return { ok: false, reason: RANGE_NAMES[range] ?? `${range} address (reserved)` };
  if (addr.kind() === 'ipv6' && !addr.match(GLOBAL_UNICAST))
    return { ok: false, reason: 'reserved address (outside 2000::/3)' };
  return { ok: true, address: addr.toString() };
}

/** The canonical text of an IP address, or undefined for a name. */
export function canonicalAddress(text: string): string | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(bare)) return undefined;
  if (!bare.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(bare)) return undefined;
  return ipaddr.parse(bare).toString();
}
