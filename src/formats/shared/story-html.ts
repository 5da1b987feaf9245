import type { Article, Dateline } from '../../records/article.js';
import { rfc3339 } from './dates.js';
import { cdata, cleanCdata, escapeText } from './xml.js';

// The story as HTML, shared by RSS content:encoded, Atom content and JSON Feed content_html,
// so every format leads with the same corrections, deck and dateline.

/** Whether the story has any HTML to carry; the root declares xmlns:content from it. */
export function hasStoryHtml(story: Article, full = true): boolean {
  return (full && story.bodyHtml !== '') || storyLead(story) !== '';
}

/** The story as HTML for content:encoded and Atom content: the lead, then the body. */
export function storyHtml(story: Article): string {
  return storyLead(story) + story.bodyHtml;
}

/**
 * `storyHtml` as CDATA. Lead and body go in separate sections (a parser joins them), so the
 * body is neither copied into a new string nor scanned again: records already cleaned it
 * (Article.bodyHtml), which keeps a large feed fast.
 */
export function storyCdata(story: Article, full = true): string {
  const lead = storyLead(story);
  if (!full) return cdata(lead);
  if (lead === '') return cleanCdata(story.bodyHtml);
  return story.bodyHtml === '' ? cdata(lead) : `${cdata(lead)}${cleanCdata(story.bodyHtml)}`;
}

/**
 * What the writer adds before the body: the corrections, the subheadline as a lead, the
 * dateline. Record text is plain, so it is escaped as HTML.
 */
export function storyLead(story: Article): string {
  let html = '';
  // Corrections lead, so a reader who saw the story before sees first what changed.
  if (story.corrections.length > 0) {
    html += '<aside class="corrections">';
    for (const c of story.corrections) {
      const when = rfc3339(c.date);
      html += `<p><strong>Correction, <time datetime="${when}">${when.slice(0, 10)}</time>:</strong> ${escapeText(c.text)}</p>`;
    }
    html += '</aside>';
  }
  if (story.subheadline) html += `<p><strong>${escapeText(story.subheadline)}</strong></p>`;
  const place = datelineText(story.dateline);
  return place === '' ? html : `${html}<p class="dateline">${escapeText(place)}</p>`;
}

function datelineText(dateline: Dateline | undefined): string {
  if (dateline === undefined) return '';
  let text = dateline.city ?? '';
  if (dateline.region) text = text ? `${text}, ${dateline.region}` : dateline.region;
  if (dateline.country) text = text ? `${text}, ${dateline.country}` : dateline.country;
  return text;
}

/** The photos an item carries: all of them, or in a summary item the lead photo alone. */
export function itemImages(story: Article, full: boolean): Article['images'] {
  return full || story.images.length <= 1 ? story.images : story.images.slice(0, 1);
}
