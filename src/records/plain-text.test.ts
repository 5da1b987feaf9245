import { describe, expect, it } from 'vitest';
import { cleanLine, cleanPlain } from './plain-text.js';

describe('cleanLine', () => {
  it('turns every run of white space into one space', () => {
    expect(cleanLine('  a  b\tc\n\nd\u00a0e\u2028f ')).toBe('a b c d e f');
    expect(cleanLine('a \tb')).toBe('a b');
  });

  it('leaves a line of single spaces as it is', () => {
    expect(cleanLine('Québec museum reopens')).toBe('Québec museum reopens');
  });

  it('composes and cleans like cleanPlain', () => {
    expect(cleanLine('e\u0301\u0001 x')).toBe(cleanPlain('e\u0301\u0001 x'));
    expect(cleanLine('e\u0301\u0001 x')).toBe('é x');
  });
});
