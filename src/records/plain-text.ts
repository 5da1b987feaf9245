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
  return cleanPlain(s).replace(/\s+/g, ' ');
}
