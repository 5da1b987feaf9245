import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeBody } from './body-html.js';
import { cleanText } from './xml-chars.js';

const URL = 'https://meridianherald.example/x/';

describe('sanitizeBody', () => {
  it('removes what numeric references decode to when XML forbids it, in text and attributes', () => {
    expect(sanitizeBody('<p>a&#1;b&#x85;c&#13;d&#xFFFE;e</p>', URL)).toBe('<p>ab…c\nde</p>');
    expect(sanitizeBody('<p title="&#1;x&#xFDD0;">a&#X1F;b</p>', URL)).toBe('<p title="x">ab</p>');
  });

  it('keeps what named references decode to', () => {
    expect(sanitizeBody('<p>a&NewLine;b&Tab;c&amp;d&nbsp;e&lt;</p>', URL)).toBe(
      '<p>a\nb\tc&amp;d\u00a0e&lt;</p>',
    );
  });

  it('leaves nothing XML forbids, whatever the references and raw characters', () => {
    const piece = fc.constantFrom(
      '&#1;',
      '&#x85;',
      '&#13;',
      '&#xD800;',
      '&#xFFFF;',
      '&NewLine;',
      '&amp;',
      '&',
      '#',
      '\u0001',
      '\r',
      '\uDC00',
      '\uFFFE',
      'é',
      '<p>',
      '</p>',
      '<a href="',
      '" title="',
      '">',
      'x',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
        const out = sanitizeBody(pieces.join(''), URL);
        expect(cleanText(out)).toBe(out);
      }),
      { numRuns: 3000 },
    );
  });
});
