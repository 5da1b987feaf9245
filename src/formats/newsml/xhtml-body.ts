import { Parser } from 'htmlparser2';
import { VOID_ELEMENTS } from '../../records/limit-nesting.js';
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
  const writer = new BodyWriter();
  const parser = new Parser(writer, {
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
  });
  parser.write(html);
  parser.end();
  return writer.finish();
}

/**
 * The parser's handler. A class rather than closures made per call: this runs once per story,
 * and its methods are created once.
 */
class BodyWriter implements NonNullable<ConstructorParameters<typeof Parser>[0]> {
  private xml = '';
  /** The text, with a space where a block or line break separates words. */
  private words = '';
  private readonly stack: Open[] = [];
  private dropping = 0;
  private writtenDepth = 0;
  // Superdesk reads only the body's child elements: loose text and inline elements at the top
  // are wrapped in a paragraph so they are not lost.
  private autoP = false;

  onopentag(name: string, attribs: Record<string, string>): void {
    if (this.dropping > 0 || DROPPED.has(name)) {
      this.dropping++;
      this.stack.push({ name, written: false, dropped: true });
      return;
    }
    if (UNWRAPPED.has(name) || !ELEMENT_NAME.test(name)) {
      this.stack.push({ name, written: false, dropped: false });
      return;
    }
    const block = BLOCK.has(name);
    if (this.writtenDepth === 0) {
      if (block) this.closeAutoP();
      else this.openAutoP();
    }
    if (block || name === 'br') this.words += ' ';
    let attrs = '';
    for (const key in attribs) {
      if (ATTRIBUTE_NAME.test(key) && key !== 'xmlns') attrs += attr(key, attribs[key]);
    }
    const isVoid = VOID_ELEMENTS.has(name);
    this.xml += isVoid ? `<${name}${attrs}/>` : `<${name}${attrs}>`;
    if (!isVoid) this.writtenDepth++;
    this.stack.push({ name, written: !isVoid, dropped: false });
  }

  ontext(text: string): void {
    if (this.dropping > 0) return;
    if (this.writtenDepth === 0 && (this.autoP || text.trim() !== '')) this.openAutoP();
    this.xml += escapeText(text);
    this.words += text;
  }

  onclosetag(name: string): void {
    // Close what is open down to the matching element; a stray end tag changes nothing.
    const stack = this.stack;
    let at = stack.length - 1;
    while (at >= 0 && (stack[at] as Open).name !== name) at--;
    if (at < 0) return;
    while (stack.length > at) this.close(stack.pop() as Open);
  }

  finish(): XhtmlBody {
    while (this.stack.length > 0) this.close(this.stack.pop() as Open);
    this.closeAutoP();
    return { xml: this.xml, wordCount: countWords(this.words) };
  }

  private close(o: Open): void {
    if (o.dropped) this.dropping--;
    if (!o.written) return;
    this.xml += `</${o.name}>`;
    this.writtenDepth--;
    if (BLOCK.has(o.name)) this.words += ' ';
  }

  private closeAutoP(): void {
    if (this.autoP) this.xml += '</p>';
    this.autoP = false;
  }

  private openAutoP(): void {
    if (!this.autoP) this.xml += '<p>';
    this.autoP = true;
  }
}

/** Han and kana: each character is a word of its own, and separates the words around it. */
const EAST_ASIAN = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
/** JavaScript's \s (what the words were split on); every such character is in the Basic Multilingual Plane. */
const SPACE = /^\s$/;

const OTHER = 1;
const BREAK = 2;
const IDEOGRAPH = 3;
const ALNUM = 4;
type Kind = typeof OTHER | typeof BREAK | typeof IDEOGRAPH | typeof ALNUM;

function kindOf(char: string): Kind {
  if (SPACE.test(char)) return BREAK;
  if (EAST_ASIAN.test(char)) return IDEOGRAPH;
  return LETTER_OR_NUMBER.test(char) ? ALNUM : OTHER;
}

/** Kind of each UTF-16 unit, learnt on first sight (0: not yet); surrogates are classified as pairs. */
const BMP_KINDS = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) BMP_KINDS[c] = kindOf(String.fromCharCode(c));

/**
 * Words of plain text: runs of characters between white space that hold a letter or a number
 * (so a lone dash is none), plus one per Han or kana character, which also ends a run. One pass,
 * each character classified by table once the Unicode patterns above have seen it.
 */
export function countWords(text: string): number {
  let words = 0;
  // The current run already holds a letter or number, so it has been counted.
  let counted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let kind: number;
    if (c >= 0xd800 && c <= 0xdfff) {
      const cp = text.codePointAt(i) as number;
      if (cp > 0xffff) i++; // a pair; a lone surrogate is a character of its own
      kind = kindOf(String.fromCodePoint(cp));
    } else {
      kind = BMP_KINDS[c] as number;
      if (kind === 0) {
        kind = kindOf(String.fromCharCode(c));
        BMP_KINDS[c] = kind;
      }
    }
    if (kind === BREAK) counted = false;
    else if (kind === IDEOGRAPH) {
      words++;
      counted = false;
    } else if (kind === ALNUM && !counted) {
      words++;
      counted = true;
    }
  }
  return words;
}
