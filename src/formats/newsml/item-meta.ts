import type { Article } from '../../records/article.js';
import { rfc3339 } from '../shared/dates.js';
import { attr, cleanText, escapeText, textElement } from '../shared/xml.js';
import { iri } from './iri.js';
import type { WireSite } from './wire-site.js';

// What the three kinds of item share: the root element, rightsInfo and itemMeta, and the
// lifecycle (version, pubStatus, embargo) that every item of one story carries alike.

export const NAR_NS = 'http://iptc.org/std/nar/2006-10-01/';
export const NEWS_ITEM_TYPE = 'application/vnd.iptc.g2.newsitem+xml';

export interface Lifecycle {
  readonly version: number;
  readonly pubStatus: 'stat:usable' | 'stat:canceled';
  readonly killed: boolean;
  readonly firstCreated: number;
  readonly versionCreated: number;
  readonly embargo?: number;
  /** The instants above in RFC 3339, formatted once: a message writes them a dozen times. */
  readonly stamps: {
    readonly versionCreated: string;
    readonly firstCreated: string;
    readonly embargo?: string;
  };
}

export function lifecycleOf(story: Article): Lifecycle {
  const killed = story.status === 'killed';
  const embargo = story.status === 'embargoed' ? story.embargo : undefined;
  return {
    // newsml-g2.md, pubStatus: a kill is a new version of the same guid, strictly higher than
    // any usable version sent; the CMS may not have raised `version` when it killed the story.
    version: killed ? story.version + 1 : story.version,
    pubStatus: killed ? 'stat:canceled' : 'stat:usable',
    killed,
    firstCreated: story.published,
    versionCreated: story.updated,
    // Only an embargo still in force is marked; the caller decides whether to send it early.
    ...(embargo !== undefined ? { embargo } : {}),
    stamps: {
      versionCreated: rfc3339(story.updated),
      firstCreated: rfc3339(story.published),
      ...(embargo !== undefined ? { embargo: rfc3339(embargo) } : {}),
    },
  };
}

/**
 * name, keyword, creditline and slugline are g2normalizedString (`[\S ]*`): no tab or line break.
 * Cleaned first, so removing a forbidden character cannot leave two breaks' spaces side by side.
 */
export function oneLine(s: string): string {
  return cleanText(s).replace(/[\t\n\r]+/g, ' ');
}

// Primary language subtags and script subtags written right to left.
const RTL_LANGUAGES = new Set([
  'ar',
  'arc',
  'ckb',
  'dv',
  'fa',
  'he',
  'iw',
  'ks',
  'ps',
  'sd',
  'syr',
  'ug',
  'ur',
  'yi',
]);
const RTL_SCRIPTS = new Set(['arab', 'hebr', 'syrc', 'thaa', 'nkoo', 'adlm', 'rohg']);

export function isRtl(language: string): boolean {
  const [primary = '', ...rest] = language.toLowerCase().split('-');
  const script = rest.find((s) => s.length === 4);
  return script !== undefined ? RTL_SCRIPTS.has(script) : RTL_LANGUAGES.has(primary);
}

/** The root start tag. Each item declares the namespace itself, so it can be stored alone. */
export function itemStart(
  element: 'newsItem' | 'packageItem',
  guid: string,
  life: Lifecycle,
  language: string,
): string {
  return `    <${element}${attr('xmlns', NAR_NS)}${attr('guid', guid)}${attr('version', life.version)} standard="NewsML-G2" standardversion="2.35" conformance="power"${attr('xml:lang', language)}${isRtl(language) ? ' dir="rtl"' : ''}>\n`;
}

export interface Party {
  readonly name: string;
  readonly uri?: string;
}

export function ourParty(wire: WireSite): Party {
  return { name: wire.providerName, uri: wire.siteUrl };
}

export function party(element: string, p: Party, extraAttrs = ''): string {
  return `<${element}${extraAttrs}${attr('uri', p.uri === undefined ? undefined : iri(p.uri))}>${textElement('name', oneLine(p.name))}</${element}>`;
}

export function rightsInfo(holder: Party | undefined, notice: string | undefined): string {
  if (holder === undefined && notice === undefined) return '';
  const p = '        ';
  let s = '      <rightsInfo>\n';
  if (holder !== undefined) s += `${p}${party('copyrightHolder', holder)}\n`;
  if (notice !== undefined) s += `${p}${textElement('copyrightNotice', notice)}\n`;
  return `${s}      </rightsInfo>\n`;
}

export interface MetaOptions {
  readonly itemClass: 'ninat:text' | 'ninat:picture' | 'ninat:composite';
  readonly title?: string;
  /** Notes of this item only (a correction); the lifecycle's own come first. */
  readonly edNotes?: readonly string[];
  readonly signal?: 'sig:correction' | 'sig:update';
  /** The story's web page. */
  readonly link?: string;
}

/** itemMeta in the schema's fixed order (ItemManagementGroup, then link). */
export function itemMeta(life: Lifecycle, wire: WireSite, o: MetaOptions): string {
  const p = '        ';
  let s = `      <itemMeta>\n${p}<itemClass${attr('qcode', o.itemClass)}/>\n`;
  s += `${p}${party('provider', ourParty(wire))}\n`;
  s += `${p}<versionCreated>${life.stamps.versionCreated}</versionCreated>\n`;
  s += `${p}<firstCreated>${life.stamps.firstCreated}</firstCreated>\n`;
  // Never an empty <embargoed/>: its meaning would need agreeing with every partner.
  if (life.stamps.embargo !== undefined) s += `${p}<embargoed>${life.stamps.embargo}</embargoed>\n`;
  s += `${p}<pubStatus${attr('qcode', life.pubStatus)}/>\n`;
  if (o.title !== undefined) s += `${p}<title>${escapeText(o.title)}</title>\n`;
  for (const note of [...lifecycleNotes(life), ...(o.edNotes ?? [])])
    s += `${p}<edNote>${escapeText(note)}</edNote>\n`;
  if (o.signal !== undefined) s += `${p}<signal${attr('qcode', o.signal)}/>\n`;
  if (o.link !== undefined)
    s += `${p}<link rel="irel:seeAlso"${attr('href', iri(o.link))} contenttype="text/html"/>\n`;
  return `${s}      </itemMeta>\n`;
}

/** Ingest systems keep the first edNote (Superdesk), so the one that matters most comes first. */
function lifecycleNotes(life: Lifecycle): string[] {
  if (life.killed)
    return ['WITHDRAWN: this story has been killed. Do not use it, and remove every earlier version.'];
  if (life.stamps.embargo !== undefined)
    return [`EMBARGOED until ${life.stamps.embargo}: not for publication before then.`];
  return [];
}

/** One element on its own line, or nothing when the element is empty. */
export function line(pad: string, element: string): string {
  return element ? `${pad}${element}\n` : '';
}
