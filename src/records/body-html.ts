import sanitizeHtml from 'sanitize-html';
import { cleanText } from './xml-chars.js';

// Story bodies go to readers' apps and partners' sites verbatim, so only news
// markup survives: no scripts, styles, event handlers, frames or forms.
const ALLOWED_TAGS = [
  'p',
  'br',
  'hr',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'q',
  'cite',
  'em',
  'strong',
  'i',
  'b',
  'u',
  's',
  'small',
  'sub',
  'sup',
  'abbr',
  'time',
  'span',
  'mark',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'a',
  'figure',
  'figcaption',
  'img',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'pre',
  'code',
];

const URL_ATTRS: Record<string, string> = { a: 'href', img: 'src', blockquote: 'cite', q: 'cite' };

/** Sanitises body HTML and makes every link absolute against the story's own URL. */
export function sanitizeBody(html: string, storyUrl: string): string {
  const absolute = (value: string): string | undefined => {
    try {
      return new URL(value.trim(), storyUrl).href;
    } catch {
      return undefined; // an unparseable link is dropped rather than published broken
    }
  };
  const clean = cleanText(html);
  const safe = sanitizeHtml(clean, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      '*': ['lang', 'dir', 'title'],
      a: ['href', 'rel', 'hreflang'],
      img: ['src', 'alt', 'width', 'height'],
      blockquote: ['cite'],
      q: ['cite'],
      time: ['datetime'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
      ol: ['start', 'reversed'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    transformTags: Object.fromEntries(
      Object.entries(URL_ATTRS).map(([tag, name]) => [
        tag,
        (tagName: string, attribs: sanitizeHtml.Attributes) => {
          const value = attribs[name];
          if (value === undefined) return { tagName, attribs };
          const abs = absolute(value);
          const { [name]: _dropped, ...rest } = attribs;
          return { tagName, attribs: abs === undefined ? rest : { ...rest, [name]: abs } };
        },
      ]),
    ),
    // Self-closing void elements keep the output parseable as XHTML too (NewsML-G2 inlineXML).
    selfClosing: ['br', 'hr', 'img'],
    parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
  });
  // Cleaned after sanitising too when the parser may have turned a numeric reference such as
  // &#1; into a raw character XML forbids (no named reference stands for one). Writers rely on
  // this (Article.bodyHtml) and do not scan again.
  return (clean.includes('&#') ? cleanText(safe) : safe).trim();
}
