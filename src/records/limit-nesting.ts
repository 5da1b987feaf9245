// libxml2 refuses documents nested deeper than 256 elements, and NewsML-G2 carries the body as
// inline XML several levels down: a body of 300 nested spans made a story's wire file fail its
// check. News markup never needs more than a few levels, so deeper elements keep only their text.

export const MAX_BODY_DEPTH = 64;

// Sanitised HTML only: every `<` and `>` outside tags is escaped, void elements self-close.
const TAG = /<(\/?)([a-z][a-z0-9]*)\b[^>]*>/g;

export function limitNesting(html: string, maxDepth = MAX_BODY_DEPTH): { html: string; flattened: boolean } {
  let opened = 0;
  for (let i = html.indexOf('<'); i !== -1 && opened <= maxDepth; i = html.indexOf('<', i + 1)) opened++;
  if (opened <= maxDepth) return { html, flattened: false };
  const kept: boolean[] = [];
  let flattened = false;
  const out = html.replace(TAG, (tag: string, close: string) => {
    if (tag.endsWith('/>')) return tag;
    if (close) return kept.pop() === false ? '' : tag;
    const keep = kept.length < maxDepth;
    kept.push(keep);
    if (!keep) flattened = true;
    return keep ? tag : '';
  });
  return { html: out, flattened };
}

// Before sanitising: sanitize-html keeps a frame per open element, and 340 000 unclosed ones
// took two seconds and nearly 200 MB. Raw markup that nests this deep is never an article.
export const MAX_RAW_DEPTH = 1000;
const TAG_NAME = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/;
/** HTML's void elements: they never take content or an end tag. */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/** Whether unsanitised HTML opens elements more than `max` deep (an estimate that never parses). */
export function nestsTooDeep(html: string, max = MAX_RAW_DEPTH): boolean {
  // indexOf from '<' to the next '>', never a pattern that could rescan: a body of '<' without
  // any '>' must cost one pass, not one per '<'.
  let depth = 0;
  for (let open = html.indexOf('<'); open !== -1; ) {
    const close = html.indexOf('>', open + 1);
    if (close === -1) break;
    const m = TAG_NAME.exec(html.slice(open, Math.min(close, open + 64)));
    if (m) {
      if (m[1]) depth = Math.max(0, depth - 1);
      else if (
        !VOID_ELEMENTS.has((m[2] as string).toLowerCase()) &&
        html.charCodeAt(close - 1) !== 0x2f /* / */ &&
        ++depth > max
      )
        return true;
    }
    open = html.indexOf('<', close + 1);
  }
  return false;
}

// markdown-it keeps an object per emphasis delimiter and rescans for every unmatched '[':
// 250 000 of either cost it most of a second and over 100 MB. An article has a few hundred.
export const MAX_MARKDOWN_MARKERS = 50_000;

/** How many emphasis and link markers (* _ [ ]) a Markdown source holds. */
export function countMarkdownMarkers(source: string): number {
  let n = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x2a || c === 0x5f || c === 0x5b || c === 0x5d) n++;
  }
  return n;
}
