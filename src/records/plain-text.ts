import { cleanText } from './xml-chars.js';

/**
 * Plain-text fields: characters XML forbids removed, Unicode composed (NFC) so the
 * same words compare and hash the same, surrounding white space trimmed.
 */
export function cleanPlain(s: string): string {
  return cleanText(s).normalize('NFC').trim();
}

/** A one-line field (headline, caption, name): runs of white space become one space. */
export function cleanLine(s: string): string {
  const plain = cleanPlain(s);
  // Most lines have no white space but single spaces; replacing would still copy them.
  return SPACING.test(plain) ? plain.replace(/\s+/g, ' ') : plain;
}

/** White space other than a space, or two in a row: what cleanLine changes. */
const SPACING = /[^\S ]|\s\s/;
