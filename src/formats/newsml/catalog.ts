import type { Tag } from '../../records/article.js';
import { attr, cleanText } from '../shared/xml.js';
import { iri } from './iri.js';
import type { WireSite } from './wire-site.js';

// newsml-g2.md, QCodes and catalogs: a qcode means something only through a catalog. IPTC's
// catalog (cited, version 40) declares every IPTC alias used here: ninat, stat, sig, drol, rnd,
// pgrmod, cpnat, loctyp, irel, medtop, subj, iso3166-1a2. Our own vocabularies are declared inline,
// with aliases IPTC's catalog does not use and URIs under the site.

export const IPTC_CATALOG = 'http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_40.xml';

export const HOUSE_SCHEMES = {
  /** Desks: `synsec:world`. */
  section: { alias: 'synsec', path: 'cv/section/' },
  /** Roles of the second headline: `synhrol:subheadline`. */
  headlineRole: { alias: 'synhrol', path: 'cv/headline-role/' },
  /** Roles of package groups: `syngrol:main`, `syngrol:pictures`. */
  groupRole: { alias: 'syngrol', path: 'cv/group-role/' },
} as const;

export type HouseScheme = keyof typeof HOUSE_SCHEMES;

export function houseQcode(scheme: HouseScheme, code: string): string {
  return `${HOUSE_SCHEMES[scheme].alias}:${code}`;
}

/** `catalogRef` to IPTC's catalog, then an inline `catalog` with the house schemes the item uses. */
export function catalogs(wire: WireSite, used: readonly HouseScheme[], pad: string): string {
  let s = `${pad}<catalogRef${attr('href', IPTC_CATALOG)}/>\n`;
  if (used.length === 0) return s;
  const base = wire.siteUrl.endsWith('/') ? wire.siteUrl : `${wire.siteUrl}/`;
  s += `${pad}<catalog>\n`;
  for (const key of used) {
    const { alias, path } = HOUSE_SCHEMES[key];
    s += `${pad}  <scheme${attr('alias', alias)}${attr('uri', iri(base + path))}/>\n`;
  }
  return `${s}${pad}</catalog>\n`;
}

/** IPTC vocabularies a tag's scheme may name, by scheme URI without its protocol. */
const IPTC_SCHEMES: Record<string, string> = {
  'cv.iptc.org/newscodes/mediatopic/': 'medtop',
  'cv.iptc.org/newscodes/subjectcode/': 'subj',
};

/** A tag as a concept: `{ qcode }` in an IPTC scheme, `{ uri }` in any other, or undefined (a plain keyword). */
export function tagConcept(tag: Tag): { qcode: string } | { uri: string } | undefined {
  if (tag.scheme === undefined || tag.code === undefined || tag.code === '') return undefined;
  const bare = tag.scheme
    .trim()
    .replace(/^https?:\/\//i, '')
    .toLowerCase();
  const key = bare.endsWith('/') ? bare : `${bare}/`;
  const alias = IPTC_SCHEMES[key];
  if (alias !== undefined) {
    // Codes arrive as `04000000`, `medtop:04000000` or the full concept URI. Cleaned first:
    // escaping removes what XML forbids, and the qcode must still match its pattern afterwards.
    let code = cleanText(tag.code);
    for (const prefix of [`${alias}:`, `http://${key}`, `https://${key}`]) {
      if (code.toLowerCase().startsWith(prefix)) code = code.slice(prefix.length);
    }
    // QCodeType: `alias:code`, the code non-empty and without white space.
    return /^\S+$/.test(code) ? { qcode: `${alias}:${code}` } : undefined;
  }
  const absolute = /^([a-z][a-z0-9+.-]*:\/\/|urn:)/i.test(tag.code);
  const joined = absolute ? tag.code : tag.scheme + (/[/#:=]$/.test(tag.scheme) ? '' : '/') + tag.code;
  try {
    // The URL parser normalises the authority, which iri() keeps as it is.
    return { uri: iri(new URL(joined).href) };
  } catch {
    return undefined; // not a URL: the tag is still carried, as a keyword
  }
}
