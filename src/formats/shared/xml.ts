// All XML escaping lives here, so every writer gets the same, spec-checked rules.
// XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].

import { cleanText } from '../../records/xml-chars.js';

export { cleanText };

const TEXT_SPECIAL = /[&<>]/;
const ATTR_SPECIAL = /[&<>"\t\n\r]/;
const ATTR_ALL = /[&<>"\t\n\r]/g;
const ATTR_REFS: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // Attribute-value normalisation would turn raw whitespace into spaces (XML 1.0 §3.3.3).
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Escapes character data; `>` too, so `]]>` can never appear. */
export function escapeText(raw: string): string {
  const s = cleanText(raw);
  if (!TEXT_SPECIAL.test(s)) return s;
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Escapes a value for a double-quoted attribute. */
export function escapeAttr(raw: string): string {
  const s = cleanText(raw);
  if (!ATTR_SPECIAL.test(s)) return s;
  return s.replace(ATTR_ALL, (c) => ATTR_REFS[c] as string);
}

/** Wraps text in CDATA, splitting any `]]>` so the section cannot end early. */
export function cdata(raw: string): string {
  const s = cleanText(raw);
  return `<![CDATA[${s.includes(']]>') ? s.replaceAll(']]>', ']]]]><![CDATA[>') : s}]]>`;
}

/**
 * CDATA for text already free of characters XML forbids (Article.bodyHtml, cleaned by
 * records): only `]]>` is split, no scan for forbidden characters.
 */
export function cleanCdata(s: string): string {
  return `<![CDATA[${s.includes(']]>') ? s.replaceAll(']]>', ']]]]><![CDATA[>') : s}]]>`;
}

/** `<name attrs>text</name>`, or nothing when the value is absent. */
export function textElement(name: string, value: string | undefined, attrs = ''): string {
  if (value === undefined) return '';
  return `<${name}${attrs}>${escapeText(value)}</${name}>`;
}

/** ` name="value"`, or nothing when the value is absent. */
export function attr(name: string, value: string | number | undefined): string {
  if (value === undefined) return '';
  return ` ${name}="${typeof value === 'number' ? value : escapeAttr(value)}"`;
}
