import { describe, expect, it } from 'vitest';
import { checkByParts, itemChecked } from './check-parts.js';
import type { ItemPart, Output } from './publish-outputs.js';

const RSS_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>t</title>';
const rss = (path: string, items: ItemPart[], head = RSS_HEAD): Output => ({
  path,
  kind: 'rss',
  text: `${head + items.map((i) => i.bytes.toString('utf8')).join('')}</channel></rss>\n`,
  parts: { skeleton: `${head}</channel></rss>\n`, kind: 'rss:test', items, scopeOf: () => '' },
});
const item = (key: string, text: string): ItemPart => ({
  key,
  index: 0,
  story: key,
  bytes: Buffer.from(text),
});
const unique = () => Math.random().toString(36).slice(2);

describe('checkByParts', () => {
  it('refuses every document that carries a broken item, naming the story', async () => {
    const bad = item(`bad-${unique()}`, '<item><title>fish & chips</title></item>');
    const good = item(`good-${unique()}`, '<item><title>ok</title></item>');
    const found = await checkByParts([rss('a.xml', [good, bad]), rss('b.xml', [bad]), rss('c.xml', [good])]);
    expect([...found.keys()].sort()).toEqual(['a.xml', 'b.xml']);
    expect(found.get('a.xml')?.[0]).toMatch(new RegExp(`^story ${bad.key}: line 1: .*EntityRef`));
  });

  it('refuses a broken skeleton, and a JSON Feed item the schema refuses', async () => {
    const skeleton = rss('s.xml', [], `${RSS_HEAD}<title>`);
    const head = '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[';
    const json: Output = {
      path: 'feed.json',
      kind: 'jsonfeed',
      text: '',
      parts: {
        skeleton: `${head}]}\n`,
        kind: 'json:test',
        items: [item(`j-${unique()}`, '{"id":"x","url":"not a url"}')],
        scopeOf: () => '',
      },
    };
    const found = await checkByParts([skeleton, json]);
    expect(found.get('s.xml')?.join()).toMatch(/mismatch|not finished|EndTag/i);
    expect(found.get('feed.json')?.join()).toMatch(/story j-.*: item\.(url|content_html|content_text)/);
  });

  it('remembers the items that passed, and only those', async () => {
    const good = item(`once-${unique()}`, '<item/>');
    const bad = item(`bad-${unique()}`, '<item>&</item>');
    expect(itemChecked('rss:test', good.key)).toBe(false);
    await checkByParts([rss('x.xml', [good, bad])]);
    expect(itemChecked('rss:test', good.key)).toBe(true);
    expect(itemChecked('rss:test', bad.key)).toBe(false);
    // The same key under another kind (format, mode or settings) is another text.
    expect(itemChecked('atom:test', good.key)).toBe(false);
  });
});
