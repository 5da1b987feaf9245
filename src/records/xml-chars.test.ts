import { describe, expect, it } from 'vitest';
import { cleanText } from './xml-chars.js';

describe('cleanText', () => {
  it('removes what XML forbids and keeps what it allows', () => {
    expect(cleanText('a\u0000b\u0007c\u0085d\tx\ny')).toBe('abcd\tx\ny');
    expect(cleanText('lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00')).toBe(
      'lone  high, lone  low, pair 😀',
    );
    expect(cleanText('a\r\nb\rc')).toBe('a\nb\nc');
  });

  it('removes Unicode non-characters, which XML 1.0 §2.2 tells documents to avoid', () => {
    // U+FDD0..U+FDEF and the last two code points of every plane are never text.
    const nonCharacters = ['\uFDD0', '\uFDEF', '\uFFFE', '\uFFFF', '\u{1FFFE}', '\u{1FFFF}', '\u{10FFFF}'];
    expect(cleanText(`a${nonCharacters.join('')}b`)).toBe('ab');
    // Their neighbours are ordinary characters.
    expect(cleanText('\uFDCF\uFDF0\u{1FFFD}\u{20000}')).toBe('\uFDCF\uFDF0\u{1FFFD}\u{20000}');
  });
});
