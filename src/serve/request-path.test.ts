import { describe, expect, it } from 'vitest';
import { resolveRequestPath } from './request-path.js';

describe('resolveRequestPath', () => {
  it('maps published paths, ignoring the query, and folders to their index.html', () => {
    expect(resolveRequestPath('/rss.xml')).toBe('rss.xml');
    expect(resolveRequestPath('/sections/world/atom.xml?x=1#y')).toBe('sections/world/atom.xml');
    expect(resolveRequestPath('/newsml/caf%C3%A9.xml')).toBe('newsml/café.xml');
    expect(resolveRequestPath('/')).toBe('index.html');
    expect(resolveRequestPath('/?utm=1')).toBe('index.html');
    expect(resolveRequestPath('/sections/world/')).toBe('sections/world/index.html');
  });

  it.each([
    ['parent segments', '/../../etc/passwd'],
    ['a parent segment in the middle', '/newsml/../../secret'],
    ['a current segment', '/./rss.xml'],
    ['encoded dots', '/%2e%2e/%2e%2e/etc/passwd'],
    ['upper-case encoded dots', '/%2E%2E/secret'],
    ['an encoded slash', '/..%2f..%2fetc/passwd'],
    ['an encoded slash inside a name', '/newsml%2Fa.xml'],
    ['double encoding', '/%252e%252e/secret'],
    ['a backslash', '/..\\..\\etc\\passwd'],
    ['an encoded backslash', '/%5c..%5csecret'],
    ['an encoded NUL', '/rss.xml%00.txt'],
    ['a raw control character', '/rss\u0001.xml'],
    ['a malformed escape', '/%E0%A4%A'],
    ['an empty segment', '//etc/passwd'],
    ['a dotfile', '/.rss.xml.abc123.tmp'],
    ['a hidden folder', '/.syndicate/manifest.json'],
    ['a dotfile in a folder', '/newsml/.a.xml.1f2e.tmp'],
    ['an encoded leading dot', '/%2esyndicate/manifest.json'],
    ['an absolute-form target', 'http://example.com/rss.xml'],
    ['an asterisk-form target', '*'],
    ['an over-long target', `/${'a'.repeat(2000)}`],
  ])('refuses %s', (_, target) => {
    expect(resolveRequestPath(target)).toBeUndefined();
  });
});
