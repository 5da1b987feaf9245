import type { Article, Credit, Image } from '../../records/article.js';
import { attr, textElement } from '../shared/xml.js';
import { catalogs } from './catalog.js';
import { iri } from './iri.js';
import {
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

// One photo as a newsItem (ninat:picture). newsml-g2.md: the credit goes verbatim in
// creditline, the photographer in creator and by (Superdesk reads only by), rightsInfo names the
// real owner, and the binary is referenced, never inlined.

const P = '        ';

/** One distinct photo of the story and its guid (pictureGuid). */
export interface Picture {
  readonly image: Image;
  readonly guid: string;
}

export function pictureItem(
  story: Article,
  { image, guid }: Picture,
  wire: WireSite,
  life: Lifecycle,
): string {
  return (
    itemStart('newsItem', guid, life, story.language) +
    catalogs(wire, [], '      ') +
    rightsInfo(
      owner(image, wire),
      image.rights ?? (isOurs(image.credit, wire) ? wire.copyright : undefined),
    ) +
    itemMeta(life, wire, { itemClass: 'ninat:picture', title: image.caption }) +
    contentMeta(story, image) +
    contentSet(image, life) +
    '    </newsItem>\n'
  );
}

/** Agency photos belong to the agency (it commissions the photographer), else to the distributor. */
function owner(image: Image, wire: WireSite): Party | undefined {
  const org = image.credit.agency ?? image.credit.distributor;
  if (org !== undefined) return isOurs(image.credit, wire) ? ourParty(wire) : { name: org };
  // A photographer alone is staff, unless the photo's own rights line says otherwise.
  return image.rights === undefined ? ourParty(wire) : undefined;
}

function isOurs(credit: Credit, wire: WireSite): boolean {
  const org = credit.agency ?? credit.distributor;
  return org === undefined || org.toLowerCase() === wire.providerName.toLowerCase();
}

function contentMeta(story: Article, image: Image): string {
  const { photographer, line: credit } = image.credit;
  let s = '      <contentMeta>\n';
  if (story.urgency !== undefined) s += `${P}<urgency>${story.urgency}</urgency>\n`;
  if (photographer !== undefined) s += `${P}${party('creator', { name: photographer })}\n`;
  s += `${P}<language${attr('tag', story.language)}/>\n`;
  s += `${P}${textElement('headline', story.headline)}\n`;
  s += line(P, textElement('by', photographer));
  s += `${P}${textElement('creditline', oneLine(credit))}\n`;
  s += `${P}${textElement('description', image.caption, ' role="drol:caption"')}\n`;
  return `${s}      </contentMeta>\n`;
}

/**
 * The one file the newsroom supplied is the best rendition there is: rnd:highRes. Superdesk needs
 * rendition and contenttype on every remoteContent; a kill drops the reference but keeps the set.
 */
function contentSet(image: Image, life: Lifecycle): string {
  if (life.killed) return '      <contentSet/>\n';
  const size = (name: string, n: number | undefined) => (n !== undefined && n > 0 ? attr(name, n) : '');
  const remote =
    `<remoteContent rendition="rnd:highRes"${attr('href', iri(image.url))}${attr('contenttype', image.type ?? guessType(image.url))}` +
    `${size('width', image.width)}${size('height', image.height)}${size('size', image.length)}/>`;
  return `      <contentSet>\n${P}${remote}\n      </contentSet>\n`;
}

const BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
};

/** When the image host did not tell (enrich normally learns it), the file extension, else the honest default. */
function guessType(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  return (ext !== undefined && BY_EXTENSION[ext]) || 'application/octet-stream';
}
