// The checks an image URL passes before any request: scheme, and a host written plainly.
// Addresses themselves are checked later, on the address actually connected to (host-guard.ts).

export type UrlVerdict =
  | { readonly ok: true; readonly url: URL }
  | { readonly ok: false; readonly reason: string };

/** Scheme, optional userinfo, then the host as written: `[v6]` or up to the port/path. */
const RAW_AUTHORITY = /^\s*(?:[a-z][a-z0-9+.-]*:)?[\\/]{2}(?:[^@\\/?#]*@)?(\[[^\]]*\]|[^:\\/?#]*)/i;

/**
 * `url` is checked as written: `new URL('http://2130706433/')` quietly becomes
 * `http://127.0.0.1/`, so odd numeric forms must be caught on the text, before parsing hides
 * them. `base` resolves a redirect's relative `Location`.
 */
export function checkUrl(url: string, base?: URL): UrlVerdict {
  let parsed: URL;
  try {
    parsed = base === undefined ? new URL(url) : new URL(url, base);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return {
      ok: false,
      reason: `${parsed.protocol.replace(/:$/, '')}: URLs are not fetched (http and https only)`,
    };
  const written = RAW_AUTHORITY.exec(url)?.[1];
  // A relative Location keeps the host already checked; an absolute one must show its host.
  if (written === undefined) {
    if (base === undefined || /^\s*[a-z][a-z0-9+.-]*:/i.test(url))
      return { ok: false, reason: 'not a valid URL' };
    return { ok: true, url: parsed };
  }
  if (looksNumeric(parsed.hostname) && written.toLowerCase() !== parsed.hostname)
    return { ok: false, reason: `host "${written}" is an IP address in a non-standard form` };
  return { ok: true, url: parsed };
}

/** The WHATWG parser turns every numeric IPv4 form into four decimal parts. */
function looksNumeric(hostname: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(hostname);
}
