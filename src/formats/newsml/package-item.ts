import type { Article } from '../../records/article.js';
import { attr, escapeText, textElement } from '../shared/xml.js';
import { catalogs, houseQcode } from './catalog.js';
import { packageGuidOf } from './guids.js';
import { itemMeta, itemStart, type Lifecycle, NEWS_ITEM_TYPE, ourParty, rightsInfo } from './item-meta.js';
import type { Picture } from './picture-item.js';
import type { WireSite } from './wire-site.js';

// The packageItem (ninat:composite) that says which photos go with the story, in display order
// (newsml-g2.md, The shape). A kill cancels it too, with the same references.

const P = '        ';

/** Group ids are xs:ID, unique in the message: there is one package per message. */
export const ROOT_GROUP = 'root';
export const PICTURES_GROUP = 'pictures';

export function packageItem(
  story: Article,
  guid: string,
  pictures: readonly Picture[],
  wire: WireSite,
  life: Lifecycle,
): string {
  return (
    itemStart('packageItem', packageGuidOf(guid), life, story.language) +
    catalogs(wire, ['groupRole'], '      ') +
    rightsInfo(ourParty(wire), wire.copyright) +
    itemMeta(life, wire, { itemClass: 'ninat:composite', title: story.headline }) +
    `      <contentMeta>\n${P}<language${attr('tag', story.language)}/>\n${P}${textElement('headline', story.headline)}\n      </contentMeta>\n` +
    groupSet(story, guid, pictures, life) +
    '    </packageItem>\n'
  );
}

function groupSet(story: Article, guid: string, pictures: readonly Picture[], life: Lifecycle): string {
  const g = `${P}  `;
  let s = `      <groupSet${attr('root', ROOT_GROUP)}>\n`;
  // Superdesk's ingest reads group/@role on every group, and itemClass and contenttype on every itemRef.
  s += `${P}<group${attr('id', ROOT_GROUP)}${attr('role', houseQcode('groupRole', 'main'))} mode="pgrmod:seq">\n`;
  s += itemRef(guid, 'ninat:text', life, story.headline, undefined, g);
  if (pictures.length > 0) s += `${g}<groupRef${attr('idref', PICTURES_GROUP)}/>\n`;
  s += `${P}</group>\n`;
  if (pictures.length > 0) {
    s += `${P}<group${attr('id', PICTURES_GROUP)}${attr('role', houseQcode('groupRole', 'pictures'))} mode="pgrmod:seq">\n`;
    for (const { image, guid: pictureGuid } of pictures) {
      s += itemRef(pictureGuid, 'ninat:picture', life, image.caption, image.caption, g);
    }
    s += `${P}</group>\n`;
  }
  return `${s}      </groupSet>\n`;
}

/** The target's itemClass, pubStatus and title are copied, so a partner can route without fetching it. */
function itemRef(
  guid: string,
  itemClass: string,
  life: Lifecycle,
  title: string,
  caption: string | undefined,
  pad: string,
): string {
  let s = `${pad}<itemRef${attr('residref', guid)}${attr('version', life.version)}${attr('contenttype', NEWS_ITEM_TYPE)}>\n`;
  s += `${pad}  <itemClass${attr('qcode', itemClass)}/>\n`;
  s += `${pad}  <pubStatus${attr('qcode', life.pubStatus)}/>\n`;
  s += `${pad}  <title>${escapeText(title)}</title>\n`;
  if (caption !== undefined) s += `${pad}  ${textElement('description', caption, ' role="drol:caption"')}\n`;
  return `${s}${pad}</itemRef>\n`;
}
