import { Parser } from 'htmlparser2';
import { attr, escapeText } from '../shared/xml.js';

// newsml-g2.md: the body travels as XHTML in inlineXML. Story bodies are sanitised HTML, not
// XML: named entities (&nbsp; &eacute;) are undefined in XML, and a body may leave tags open.
// So the body is parsed as HTML (htmlparser2, the parser sanitize-html uses) and written again
// with xml.ts escaping: whatever the input, the output is well-formed, with no comments, CDATA
// or processing instructions (Superdesk's ingest fails on a comment in the body).

export interface XhtmlBody {
  /** Content for the XHTML `body` element. */
  readonly xml: string;
  /** Words of the text; each Han or kana character counts as a word, as word processors do. */
  readonly wordCount: number;
}

/** Elements dropped with their content: not body text, and sanitize-html removes them anyway. */
const DROPPED = new Set([
  'head',
  'title',
  'script',
  'style',
  'template',
  'noscript',
  'textarea',
  'iframe',
  'object',
]);
/** Elements dropped, content kept: the writer supplies its own `html` and `body`. */
const UNWRAPPED = new Set(['html', 'body']);
const VOID = new Set([
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
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'details',
  'dialog',
  'div',
  'dl',
  'fieldset',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
]);
/** HTML names that are XML names with no prefix; anything else is unwrapped. */
const ELEMENT_NAME = /^[a-z][a-z0-9-]*$/;
/** No colon (an undeclared prefix is a namespace error) and no xmlns (it would move the namespace). */
const ATTRIBUTE_NAME = /^[a-z_][a-z0-9_.-]*$/;

interface Open {
  readonly name: string;
  /** Written to the output (false for unwrapped and dropped elements). */
  readonly written: boolean;
  readonly dropped: boolean;
}

export function toXhtmlBody(html: string): XhtmlBody {
  let xml = '';
  let words = '';
  const stack: Open[] = [];
  let dropping = 0;
  let writtenDepth = 0;
  // Superdesk reads only the body's child elements: loose text and inline elements at the top
  // are wrapped in a paragraph so they are not lost.
  let autoP = false;
  const closeAutoP = () => {
    if (autoP) xml += '</p>';
    autoP = false;
  };
  const openAutoP = () => {
    if (!autoP) xml += '<p>';
    autoP = true;
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (dropping > 0 || DROPPED.has(name)) {
          dropping++;
          stack.push({ name, written: false, dropped: true });
          return;
        }
        if (UNWRAPPED.has(name) || !ELEMENT_NAME.test(name)) {
          stack.push({ name, written: false, dropped: false });
          return;
        }
        if (writtenDepth === 0) {
          if (BLOCK.has(name)) closeAutoP();
          else openAutoP();
        }
        if (BLOCK.has(name) || name === 'br') words += ' ';
        let attrs = '';
        for (const [key, value] of Object.entries(attribs)) {
          if (ATTRIBUTE_NAME.test(key) && key !== 'xmlns') attrs += attr(key, value);
        }
        const isVoid = VOID.has(name);
        xml += isVoid ? `<${name}${attrs}/>` : `<${name}${attrs}>`;
        if (!isVoid) writtenDepth++;
        stack.push({ name, written: !isVoid, dropped: false });
      },
      ontext(text) {
        if (dropping > 0) return;
        if (writtenDepth === 0 && (autoP || text.trim() !== '')) openAutoP();
        xml += escapeText(text);
        words += text;
      },
      onclosetag(name) {
        // Close what is open down to the matching element; a stray end tag changes nothing.
        const at = stack.findLastIndex((o) => o.name === name);
        if (at < 0) return;
        while (stack.length > at) close(stack.pop() as Open);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  const close = (o: Open) => {
    if (o.dropped) dropping--;
    if (!o.written) return;
    xml += `</${o.name}>`;
    writtenDepth--;
    if (BLOCK.has(o.name)) words += ' ';
  };
  parser.write(html);
  parser.end();
  while (stack.length > 0) close(stack.pop() as Open);
  closeAutoP();
  return { xml, wordCount: countWords(words) };
}

const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;

export function countWords(text: string): number {
  const ideographs = text.match(EAST_ASIAN)?.length ?? 0;
  const rest = text.replace(EAST_ASIAN, ' ').split(/\s+/);
  return ideographs + rest.filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
