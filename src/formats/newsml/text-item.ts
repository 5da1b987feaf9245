import type { Article, Author, Dateline } from '../../records/article.js';
import { attr, escapeText, textElement } from '../shared/xml.js';
import { catalogs, type HouseScheme, houseQcode, tagConcept } from './catalog.js';
import {
  isRtl,
  itemMeta,
  itemStart,
  type Lifecycle,
  line,
  oneLine,
  ourParty,
  type Party,
  party,
  rightsInfo,
} from './item-meta.js';
import type { WireSite } from './wire-site.js';
import { toXhtmlBody } from './xhtml-body.js';

// The story's text as a newsItem (ninat:text), mapped as newsml-g2.md's table says.

const P = '        ';

export function textItem(story: Article, guid: string, wire: WireSite, life: Lifecycle): string {
  const used: HouseScheme[] = story.subheadline === undefined ? ['section'] : ['section', 'headlineRole'];
  const agency = story.source !== undefined;
  // Agency copy belongs to the agency; staff copy to us, under the site's notice unless the story has its own.
  const holder: Party = agency ? { name: story.source as string } : ourParty(wire);
  return (
    itemStart('newsItem', guid, life, story.language) +
    catalogs(wire, used, '      ') +
    rightsInfo(holder, story.rights ?? (agency ? undefined : wire.copyright)) +
    itemMeta(life, wire, {
      itemClass: 'ninat:text',
      title: story.headline,
      ...revision(story),
      link: story.url,
    }) +
    contentMeta(story, wire, life) +
    contentSet(story, life) +
    '    </newsItem>\n'
  );
}

/** newsml-g2.md, Corrections: a later version signals what it is; the newest correction is its note. */
function revision(story: Article): { signal?: 'sig:correction' | 'sig:update'; edNotes?: string[] } {
  if (story.status === 'killed' || story.version <= 1) return {};
  const newest = story.corrections.at(-1);
  return newest === undefined
    ? { signal: 'sig:update' }
    : { signal: 'sig:correction', edNotes: [newest.text] };
}

/** Order is fixed up to the descriptive elements: urgency, times, then located/creator/infoSource. */
function contentMeta(story: Article, wire: WireSite, life: Lifecycle): string {
  let s = '      <contentMeta>\n';
  if (story.urgency !== undefined) s += `${P}<urgency>${story.urgency}</urgency>\n`;
  // The lifecycle's firstCreated and versionCreated are the story's published and updated.
  s += `${P}<contentCreated>${life.stamps.firstCreated}</contentCreated>\n`;
  if (story.updated > story.published)
    s += `${P}<contentModified>${life.stamps.versionCreated}</contentModified>\n`;
  if (story.dateline !== undefined) s += located(story.dateline);
  for (const author of story.authors) s += `${P}${creator(author)}\n`;
  if (story.source !== undefined) s += `${P}${party('infoSource', { name: story.source })}\n`;
  s += `${P}<language${attr('tag', story.language)}/>\n`;
  s += `${P}<subject type="cpnat:abstract"${attr('qcode', houseQcode('section', story.section))}>${textElement('name', story.section)}</subject>\n`;
  for (const tag of story.tags) {
    const concept = tagConcept(tag);
    const name = textElement('name', oneLine(tag.name));
    if (concept === undefined) s += `${P}${textElement('keyword', oneLine(tag.name))}\n`;
    else if ('qcode' in concept)
      s += `${P}<subject type="cpnat:abstract"${attr('qcode', concept.qcode)}>${name}</subject>\n`;
    else s += `${P}<subject type="cpnat:abstract"${attr('uri', concept.uri)}>${name}</subject>\n`;
  }
  s += `${P}${textElement('slugline', story.id)}\n`;
  s += `${P}${textElement('headline', story.headline)}\n`;
  const sub = houseQcode('headlineRole', 'subheadline');
  s += line(P, textElement('headline', story.subheadline, attr('role', sub)));
  if (story.dateline !== undefined) s += line(P, textElement('dateline', datelineText(story.dateline)));
  s += line(P, textElement('by', story.byline));
  // newsml-g2.md: staff copy is credited to the publication.
  s += `${P}${textElement('creditline', oneLine(story.source ?? wire.providerName))}\n`;
  s += line(P, textElement('description', story.summary, ' role="drol:summary"'));
  return `${s}      </contentMeta>\n`;
}

function creator(author: Author): string {
  return party('creator', { name: author.name, ...(author.url === undefined ? {} : { uri: author.url }) });
}

/** The city with its region and country as broader places; a country given as ISO 3166 alpha-2 gets its qcode. */
function located(d: Dateline): string {
  const places = [
    { type: 'loctyp:City', name: d.city },
    { type: 'loctyp:CountryArea', name: d.region },
    { type: 'loctyp:Country', name: d.country },
  ].filter((x): x is { type: string; name: string } => x.name !== undefined && x.name !== '');
  const [first, ...broader] = places;
  if (first === undefined) return '';
  const qcode = (place: { type: string; name: string }) =>
    place.type === 'loctyp:Country' && /^[A-Z]{2}$/.test(place.name)
      ? attr('qcode', `iso3166-1a2:${place.name}`)
      : '';
  let s = `${P}<located${attr('type', first.type)}${qcode(first)}>\n${P}  ${textElement('name', oneLine(first.name))}\n`;
  for (const b of broader) {
    s += `${P}  <broader${attr('type', b.type)}${qcode(b)}>${textElement('name', oneLine(b.name))}</broader>\n`;
  }
  if (d.lat !== undefined && d.lon !== undefined) {
    s += `${P}  <geoAreaDetails><position${attr('latitude', decimal(d.lat))}${attr('longitude', decimal(d.lon))}/></geoAreaDetails>\n`;
  }
  return `${s}${P}</located>\n`;
}

/** xs:decimal has no exponent form, which String(1e-7) would give. */
function decimal(n: number): string {
  const s = n.toFixed(6).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

function datelineText(d: Dateline): string | undefined {
  const parts = [d.city, d.region, d.country].filter((x) => x !== undefined && x !== '');
  return parts.length ? parts.join(', ') : undefined;
}

/** A kill still carries a contentSet (Superdesk ingests no cancellation without one), with a one-line note. */
function contentSet(story: Article, life: Lifecycle): string {
  const body = toXhtmlBody(life.killed ? '<p>This story has been withdrawn.</p>' : story.bodyHtml);
  const dir = isRtl(story.language) ? ' dir="rtl"' : '';
  const html = `<html xmlns="http://www.w3.org/1999/xhtml"${dir}><head><title>${escapeText(story.headline)}</title></head><body>${body.xml}</body></html>`;
  return `      <contentSet>\n${P}<inlineXML contenttype="application/xhtml+xml"${attr('wordcount', body.wordCount)}>${html}</inlineXML>\n      </contentSet>\n`;
}
