import { describe, expect, it } from 'vitest';
import { parseJsonRecord, parseMarkdownRecord } from './parse-source.js';

describe('parseJsonRecord', () => {
  it('refuses a key given twice in one object, naming it, as YAML front matter does', () => {
    const twice = 'key given twice in the same object; which value is meant is unclear';
    expect(parseJsonRecord('{"id": "a", "headline": "One", "headline": "Two"}')).toEqual({
      ok: false,
      path: 'headline',
      message: twice,
    });
    expect(parseJsonRecord('{"tags": ["a"], "images": [{}, {"url": "x", "u\\u0072l": "y"}]}')).toEqual({
      ok: false,
      path: 'images[1].url',
      message: twice,
    });
    expect(parseMarkdownRecord('---\nid: a\nid: b\n---\nx')).toMatchObject({ ok: false });
  });

  it('accepts the same key in different objects and keys that merely look alike', () => {
    const r = parseJsonRecord(
      '{"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 1}, {"x": 2}], "X": 3, "x": "{\\"x\\":1,\\"x\\":2}"}',
    );
    expect(r.ok).toBe(true);
  });

  it('leaves Object.prototype alone whatever the keys', () => {
    const r = parseJsonRecord('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"p": 1}}}');
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });
});

describe('parse errors', () => {
  it('a JSON error is one line, whatever the parser quotes of the input', () => {
    const r = parseJsonRecord(`{"tags": ${'['.repeat(50)}}\n`);
    expect(r).toMatchObject({ ok: false });
    expect(r.ok || r.message.includes('\n')).toBe(false);
  });

  it('a YAML tag that asks for a type is refused, not silently turned into a string', () => {
    expect(parseMarkdownRecord('---\nsummary: !!js/function "function(){}"\n---\nx')).toEqual({
      ok: false,
      message: 'YAML front matter rejected: Unresolved tag: tag:yaml.org,2002:js/function',
    });
  });
});

describe('parse bounds', () => {
  it('refuses JSON nested deeper than 64 levels before parsing it, in linear time', () => {
    const started = performance.now();
    expect(parseJsonRecord(`{"id": ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`)).toEqual({
      ok: false,
      message: 'JSON nested deeper than 64 levels, not parsed',
    });
    expect(performance.now() - started).toBeLessThan(500);
    // Brackets inside strings are text, and 64 levels are still a record.
    expect(parseJsonRecord(`{"a": "${'[{'.repeat(100)}", "b": ${'['.repeat(63)}${']'.repeat(63)}}`).ok).toBe(
      true,
    );
  });

  it('finds a repeated key in deeply nested objects in linear time and memory', () => {
    const deep = `{"images": [${'{"a":'.repeat(60)}{"k": 1, "k": 2}${'}'.repeat(60)}]}`;
    expect(parseJsonRecord(deep)).toMatchObject({ ok: false, path: `images[0].${'a.'.repeat(60)}k` });
  });

  it('refuses YAML front matter nested deeper than 64 levels or over 1 MB, before parsing it', () => {
    const started = performance.now();
    expect(parseMarkdownRecord(`---\nid: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n---\nx`)).toEqual({
      ok: false,
      message: 'YAML front matter nested deeper than 64 levels, not parsed',
    });
    expect(performance.now() - started).toBeLessThan(500);
    expect(parseMarkdownRecord(`---\nheadline: '${'['.repeat(100)}'\n---\nx`).ok).toBe(true);
    expect(parseMarkdownRecord(`---\nsummary: ${'x'.repeat(1024 * 1024 + 1)}\n---\nx`)).toEqual({
      ok: false,
      message: 'YAML front matter is 1048586 characters; the limit is 1048576',
    });
  });
});
