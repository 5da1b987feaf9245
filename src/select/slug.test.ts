import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignSlugs, identityOf, SLUG_MAX_BYTES, slugOf } from './slug.js';

describe('slugOf', () => {
  it('keeps letters and digits of any script, joined by hyphens', () => {
    expect(slugOf('Energy & climate')).toBe('energy-climate');
    expect(slugOf('Tomás Ó Briain')).toBe('tomás-ó-briain');
    expect(slugOf("O'Brien’s column")).toBe('obriens-column');
    expect(slugOf('الشرق الأوسط')).toBe('الشرق-الأوسط');
    expect(slugOf('東京 オリンピック')).toBe('東京-オリンピック');
    expect(slugOf('ＦＵＬＬ　ＷＩＤＴＨ')).toBe('full-width');
  });

  it('never yields a path: dots, slashes and encoded traversal become separators', () => {
    for (const name of ['..', '../../etc/passwd', '%2e%2e%2f', '..\\..\\x', '/', '.']) {
      const slug = slugOf(name);
      expect(slug).not.toMatch(/[./\\]/);
      expect(slug).not.toBe('');
    }
    expect(slugOf('%2e%2e%2f')).toBe('2e-2e-2f');
  });

  it('gives punctuation-only names a hashed slug of their own', () => {
    expect(slugOf('!!!')).toMatch(/^x-[0-9a-f]{8}$/);
    expect(slugOf('!!!')).not.toBe(slugOf('???'));
  });

  it('is a safe, bounded folder name for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (name) => {
        const slug = slugOf(name);
        expect(slug).toMatch(/^[\p{L}\p{N}][\p{L}\p{M}\p{N}-]*$/u);
        expect(slug).not.toMatch(/--|-$/);
        expect(Buffer.byteLength(slug)).toBeLessThanOrEqual(SLUG_MAX_BYTES);
      }),
    );
  });
});

describe('identityOf', () => {
  it('treats case, width and spacing variants as one name', () => {
    expect(identityOf('  Energy   &  Climate ')).toBe(identityOf('energy & climate'));
    expect(identityOf('ＥＮＥＲＧＹ')).toBe('energy');
  });
});

describe('assignSlugs', () => {
  it('gives colliding names distinct slugs, whatever order they arrive in', () => {
    const a = assignSlugs('tag', ['Energy & climate', 'Energy: climate', 'energy climate'], new Map());
    const b = assignSlugs('tag', ['energy climate', 'Energy: climate', 'Energy & climate'], new Map());
    expect(new Set(a.slugs.values()).size).toBe(3);
    expect([...a.slugs].sort()).toEqual([...b.slugs].sort());
  });

  it('keeps a published slug when a colliding name turns up later', () => {
    const first = assignSlugs('tag', ['Energy: climate'], new Map());
    expect(first.slugs.get('energy: climate')).toBe('energy-climate');
    // Sorted alone, "energy & climate" would win the plain slug; the registry keeps it taken.
    const later = assignSlugs('tag', ['Energy & climate', 'Energy: climate'], first.registry);
    expect(later.slugs.get('energy: climate')).toBe('energy-climate');
    expect(later.slugs.get('energy & climate')).toMatch(/^energy-climate-[0-9a-f]{6}$/);
  });

  it('keeps kinds apart: a tag and an author may share a slug', () => {
    const registry = new Map<string, string>();
    assignSlugs('tag', ['Jane Roe'], new Map(), registry);
    const authors = assignSlugs('author', ['Jane Roe'], new Map(), registry);
    expect(authors.slugs.get('jane roe')).toBe('jane-roe');
  });

  it('merges names that share an identity into one slug', () => {
    const { slugs } = assignSlugs('tag', ['Housing', 'housing', 'HOUSING '], new Map());
    expect([...slugs]).toEqual([['housing', 'housing']]);
  });
});
