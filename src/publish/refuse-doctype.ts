import type { XmlDocument } from './check-xml.js';

// Syndicate never writes a document type declaration, and a DOCTYPE is what every XML attack
// needs: entity bombs (billion laughs, quadratic blowup), external entities that read files or
// fetch URLs. A document carrying one is refused before any parser sees it, so no entity other
// than XML's five and character references can ever be expanded.

// The prolog: a BOM, white space, the XML declaration, processing instructions and comments.
const DOCTYPE_IN_PROLOG = /^\uFEFF?(?:\s+|<\?(?:[^?]|\?(?!>))*\?>|<!--(?:[^-]|-(?!->))*-->)*<!DOCTYPE/i;

export const DOCTYPE_REFUSED =
  'line 1: DOCTYPE refused: a feed never needs one, and its entities are not expanded';

export function hasDoctype(text: string): boolean {
  return DOCTYPE_IN_PROLOG.test(text);
}

/** Splits a batch into documents to parse and the problems of those refused outright. */
export function refuseDoctypes(docs: readonly XmlDocument[]): {
  readonly parse: XmlDocument[];
  readonly refused: Map<string, string[]>;
} {
  const refused = new Map<string, string[]>();
  const parse: XmlDocument[] = [];
  for (const d of docs) {
    if (hasDoctype(d.text)) refused.set(d.name, [DOCTYPE_REFUSED]);
    else parse.push(d);
  }
  return { parse, refused };
}
