import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { countWords, toXhtmlBody } from './xhtml-body.js';

const body = (html: string) => toXhtmlBody(html).xml;
const wellFormed = (xml: string) =>
  XMLValidator.validate(`<body xmlns="http://www.w3.org/1999/xhtml">${xml}</body>`);

describe('toXhtmlBody', () => {
  it('keeps sanitised news markup as it is', () => {
    const html =
      '<p>A <a href="https://x.example/a?b=1&amp;c=2">link</a> &amp; <em>more</em>.</p><h2>Next</h2><br /><img src="https://x.example/i.jpg" alt="" />';
    expect(body(html)).toBe(
      '<p>A <a href="https://x.example/a?b=1&amp;c=2">link</a> &amp; <em>more</em>.</p><h2>Next</h2><p><br/><img src="https://x.example/i.jpg" alt=""/></p>',
    );
  });

  it('turns HTML named entities into characters, which XML needs no declaration for', () => {
    expect(body('<p>caf&eacute;&nbsp;au&mdash;lait &foo; &#233;</p>')).toBe(
      '<p>café\u00a0au—lait &amp;foo; é</p>',
    );
  });

  it('closes what the HTML left open and drops stray end tags', () => {
    const xml = body('<p>one<p>two <b>bold <i>both</p></b></div>three');
    expect(xml).toBe('<p>one</p><p>two <b>bold <i>both</i></b></p><p>three</p>');
    expect(wellFormed(xml)).toBe(true);
  });

  it('drops comments, CDATA, processing instructions, scripts and the document wrapper', () => {
    const xml = body(
      '<html><head><title>T</title></head><body><!-- note --><p>a</p><![CDATA[b]]><?pi x?><script>if (a < b) x()</script><style>p{}</style></body></html>',
    );
    expect(xml).toBe('<p>a</p>');
  });

  it('drops names XML cannot carry without a namespace, and attributes that would move it', () => {
    const xml = body('<p xmlns="urn:evil" xml:lang="fr" lang="fr" data-x="1">a<o:p>b</o:p><x"y>c</x"y></p>');
    expect(xml).toBe('<p lang="fr" data-x="1">abc</p>');
  });

  it('wraps loose text and inline elements at the top in paragraphs, so ingest that reads only elements keeps them', () => {
    expect(body('Plain text body')).toBe('<p>Plain text body</p>');
    expect(body('lead <em>in</em><p>para</p>\n<p>next</p> tail')).toBe(
      '<p>lead <em>in</em></p><p>para</p>\n<p>next</p><p> tail</p>',
    );
  });

  it('escapes what the text holds and removes what XML forbids', () => {
    const xml = body('<p title="&quot;&lt;x&gt;&#9;">]]&gt; &lt;y/&gt; \u0001\uFFFE&#1;</p>');
    expect(xml).toBe('<p title="&quot;&lt;x&gt;&#9;">]]&gt; &lt;y/&gt; </p>');
    expect(wellFormed(xml)).toBe(true);
  });

  it('counts words, each Han or kana character as one', () => {
    expect(toXhtmlBody('<p>The council <b>voted</b>.</p><p>31–20 — yes</p>').wordCount).toBe(5);
    expect(countWords('新線は開業した。 ok')).toBe(8);
    expect(countWords('عادت السفن إلى المرفأ')).toBe(4);
    expect(countWords('')).toBe(0);
  });

  it('counts words exactly as splitting on white space did, for any text', () => {
    // The definition, as first written: two Unicode passes and a pattern per word.
    const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
    const reference = (text: string) =>
      (text.match(EAST_ASIAN)?.length ?? 0) +
      text
        .replace(EAST_ASIAN, ' ')
        .split(/\s+/)
        .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    // Every character of the Basic Multilingual Plane, alone and between letters.
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const text of [ch, `a${ch}b`]) if (countWords(text) !== reference(text)) wrong.push(text);
    }
    expect(wrong).toEqual([]);
    const mixed = fc.string({
      unit: fc.oneof(
        fc.constantFrom(
          ' ',
          '\u00a0',
          '\u3000',
          '\n',
          '—',
          '-',
          '市',
          'は',
          'カ',
          'a',
          '7',
          'é',
          '\ud800',
          '\udc00',
        ),
        fc.string({ unit: 'binary', maxLength: 1 }),
      ),
    });
    fc.assert(
      fc.property(fc.oneof(mixed, fc.string({ unit: 'binary' })), (text) => {
        expect(countWords(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});
