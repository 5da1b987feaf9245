import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDuplicateKey } from './json-duplicate-keys.js';

const find = (text: string) => findDuplicateKey(text, JSON.parse(text));

describe('findDuplicateKey', () => {
  it('reads escaped quotes and backslashes in keys and values as the parser does', () => {
    expect(find('{"a\\\\": 1, "a\\"": {"a\\\\": 2}, "v": "\\": \\\\", "w": ["x", ":"]}')).toBeUndefined();
    expect(find('{"a\\\\": 1, "b": "\\"", "a\\\\" : 2}')).toBe('a\\');
    expect(find('{"x": [{"k":1}, {"k" :\n 2, "k"\t:3}]}')).toBe('x[1].k');
    expect(find('["\\\\", ":"]')).toBeUndefined();
  });

  it('finds no duplicate in any JSON a serialiser writes, and finds one added to any object', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 0, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(find(text)).toBeUndefined();
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
          const [key] = Object.keys(value);
          if (key === undefined) return;
          const twice = `{${JSON.stringify(key)}: 0, ${text.slice(1)}`;
          expect(find(twice)).toEqual(expect.any(String));
        }
      }),
      { numRuns: 500 },
    );
  });
});
