import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './nesting-depth.js';

/** The definition, one character at a time: a backslash in a "…" string skips the next one. */
function reference(text: string, max: number, quotes: 'json' | 'yaml'): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') {
      if (++depth > max) return true;
    } else if (c === ']' || c === '}') {
      if (depth > 0) depth--;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === "'" && quotes === 'yaml') {
      const end = text.indexOf("'", i + 1);
      i = end === -1 ? text.length : end;
    }
  }
  return false;
}

describe('nestsDeeperThan', () => {
  it('counts brackets outside strings only, escaped quotes included', () => {
    expect(nestsDeeperThan('[[["]]]"]]]', 2, 'json')).toBe(true);
    expect(nestsDeeperThan('[["[[[\\"[[["]]', 2, 'json')).toBe(false);
    expect(nestsDeeperThan('[["\\\\"[[', 2, 'json')).toBe(true);
    expect(nestsDeeperThan("a: '[[[' ", 2, 'yaml')).toBe(false);
    expect(nestsDeeperThan("a: '[[[' ", 2, 'json')).toBe(true);
    expect(nestsDeeperThan('[[["', 2, 'json')).toBe(true);
    expect(nestsDeeperThan('"[[[', 2, 'json')).toBe(false);
  });

  it('agrees with the definition on any text, valid JSON or not', () => {
    const piece = fc.constantFrom('[', ']', '{', '}', '"', "'", '\\', 'a', ' ', 'é');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom('json' as const, 'yaml' as const),
        (text, max, quotes) => {
          expect(nestsDeeperThan(text, max, quotes)).toBe(reference(text, max, quotes));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
