import type { Article } from '../../records/article.js';
import { rfc3339 } from '../shared/dates.js';
import { attr, escapeText } from '../shared/xml.js';
import { newsmlGuid } from './guids.js';
import { lifecycleOf } from './item-meta.js';
import { NEWS_MESSAGE_TYPE } from './message.js';
import type { WireSite } from './wire-site.js';

// newsml/index.xml: what a partner polls to learn which messages changed. It is a small Atom
// feed (RFC 4287) rather than NewsML-G2: every platform has an Atom parser, Atom already means
// "same id, later updated = new version of the same thing", and each entry links to its message
// by the registered media type. NewsML-G2 has no listing item (a catalog lists vocabularies,
// not items). Per entry: id = the story's guid, updated = versionCreated, the link, pubStatus as
// a category in IPTC's pubStatus vocabulary, and the version in one extension element.

export const NEWSML_INDEX_NS = 'urn:syndicate:newsml-index:1';
const PUB_STATUS_SCHEME = 'http://cv.iptc.org/newscodes/pubstatusg2/';

export interface NewsmlIndexEntry {
  /** The record id. */
  readonly id: string;
  readonly headline: string;
  readonly guid: string;
  /** The version of the items in the message. */
  readonly version: number;
  readonly pubStatus: 'stat:usable' | 'stat:withheld' | 'stat:canceled';
  /** Epoch ms. */
  readonly versionCreated: number;
  /** The message's URL, absolute or relative to the index. */
  readonly href: string;
}

/** The index entry of the message renderNewsMessage(story, wire) writes; same version and status rules. */
export function newsmlIndexEntry(story: Article, wire: WireSite, href: string): NewsmlIndexEntry {
  const life = lifecycleOf(story);
  return {
    id: story.id,
    headline: story.headline,
    guid: newsmlGuid(story, wire),
    version: life.version,
    pubStatus: life.pubStatus,
    versionCreated: life.versionCreated,
    href,
  };
}

/** Newest first; the feed's updated is the newest entry's (the epoch when empty), never the build time. */
export function renderNewsmlIndex(
  entries: readonly NewsmlIndexEntry[],
  wire: WireSite,
  selfUrl: string,
): string {
  const sorted = [...entries].sort(newestEntryFirst);
  return renderNewsmlIndexFrom(sorted[0]?.versionCreated, sorted.map(newsmlIndexEntryXml), wire, selfUrl);
}

export function newestEntryFirst(a: NewsmlIndexEntry, b: NewsmlIndexEntry): number {
  return b.versionCreated - a.versionCreated || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The index from entries already rendered by `newsmlIndexEntryXml`, newest first, so a build
 * can keep each story's entry between builds and only join them.
 */
export function renderNewsmlIndexFrom(
  newest: number | undefined,
  entriesXml: readonly string[],
  wire: WireSite,
  selfUrl: string,
): string {
  const p = '  ';
  let s = '<?xml version="1.0" encoding="utf-8"?>\n';
  s += `<feed xmlns="http://www.w3.org/2005/Atom"${attr('xmlns:wire', NEWSML_INDEX_NS)}${attr('xml:lang', wire.language)}>\n`;
  s += `${p}<id>${escapeText(`urn:newsml:${wire.domain}:index`)}</id>\n`;
  s += `${p}<title>${escapeText(`${wire.providerName}: NewsML-G2 wire`)}</title>\n`;
  s += `${p}<updated>${rfc3339(newest ?? 0)}</updated>\n`;
  s += `${p}<author>\n${p}  <name>${escapeText(wire.providerName)}</name>\n${p}  <uri>${escapeText(wire.siteUrl)}</uri>\n${p}</author>\n`;
  s += `${p}<link rel="self" type="application/atom+xml"${attr('href', selfUrl)}/>\n`;
  s += `${p}<generator>Syndicate</generator>\n`;
  return `${s}${entriesXml.join('')}</feed>\n`;
}

export function newsmlIndexEntryXml(e: NewsmlIndexEntry): string {
  const p = '    ';
  let s = `  <entry>\n${p}<id>${escapeText(e.guid)}</id>\n`;
  s += `${p}<title>${escapeText(e.headline)}</title>\n`;
  s += `${p}<updated>${rfc3339(e.versionCreated)}</updated>\n`;
  s += `${p}<link rel="alternate"${attr('type', NEWS_MESSAGE_TYPE)}${attr('href', e.href)}/>\n`;
  const code = e.pubStatus.slice('stat:'.length);
  s += `${p}<category${attr('scheme', PUB_STATUS_SCHEME)}${attr('term', code)}${attr('label', e.pubStatus)}/>\n`;
  s += `${p}<summary>${escapeText(`${e.id}, version ${e.version}, ${e.pubStatus}`)}</summary>\n`;
  s += `${p}<wire:version>${e.version}</wire:version>\n`;
  return `${s}  </entry>\n`;
}
