import { describe, expect, it } from 'vitest';
import { checkXmlParts, type XmlPart } from './check-xml-parts.js';

const ATOM = ' xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"';
const good = (i: number): XmlPart => ({
  name: `good-${i}`,
  scope: ATOM,
  bytes: Buffer.from(
    `<entry><title>“Ferry” ${i} &amp; more</title><content type="html"><![CDATA[<p>x</p>]]></content><media:content url="u"/></entry>`,
  ),
});

describe('checkXmlParts', () => {
  it('passes many good parts in one run, under a default namespace', async () => {
    const runs: number[] = [];
    const parts = Array.from({ length: 2000 }, (_, i) => good(i));
    expect(await checkXmlParts(parts, (n) => runs.push(n))).toEqual(new Map());
    expect(runs).toEqual([2000]);
  });

  it('names each broken part, with its own line numbers, and passes the rest', async () => {
    const bad: XmlPart[] = [
      { name: 'amp', scope: '', bytes: Buffer.from('<a>\nfish & chips</a>') },
      { name: 'prefix', scope: '', bytes: Buffer.from('<dc:creator>Ilse</dc:creator>') },
      { name: 'open', scope: '', bytes: Buffer.from('<item><title>x</title>') },
    ];
    const found = await checkXmlParts([
      good(1),
      bad[0],
      good(2),
      bad[1],
      good(3),
      bad[2],
      good(4),
    ] as XmlPart[]);
    expect([...found.keys()].sort()).toEqual(['amp', 'open', 'prefix']);
    expect(found.get('amp')?.[0]).toMatch(/^line 2: .*EntityRef/);
    expect(found.get('prefix')?.join()).toMatch(/Namespace prefix dc/);
  });

  it('judges a run by its own bytes when its memory held a longer run before', async () => {
    expect(await checkXmlParts(Array.from({ length: 3000 }, (_, i) => good(i)))).toEqual(new Map());
    // The longer run's bytes still lie past this run's end, in the same shared memory.
    const found = await checkXmlParts([good(1), { name: 'cut', scope: '', bytes: Buffer.from('<a>') }]);
    expect([...found.keys()]).toEqual(['cut']);
    expect(await checkXmlParts([good(2), good(3)])).toEqual(new Map());
  });

  it('gives each of many checks at once its own verdict, however few lanes run', async () => {
    const batches = Array.from({ length: 7 }, (_, b) =>
      Array.from(
        { length: 300 },
        (_, i): XmlPart =>
          i === b ? { name: `bad-${b}`, scope: '', bytes: Buffer.from('<a>') } : good(b * 1000 + i),
      ),
    );
    const found = await Promise.all(batches.map((parts) => checkXmlParts(parts)));
    expect(found.map((m) => [...m.keys()])).toEqual(batches.map((_, b) => [`bad-${b}`]));
  });

  it('refuses parts that are only well-formed together', async () => {
    // Each is broken alone; in one document the CDATA section would swallow the markup between.
    const pair: XmlPart[] = [
      { name: 'opens', scope: '', bytes: Buffer.from('<a><![CDATA[x') },
      { name: 'closes', scope: '', bytes: Buffer.from('y]]></a>') },
    ];
    const found = await checkXmlParts([good(1), ...pair, good(2)]);
    expect([...found.keys()].sort()).toEqual(['closes', 'opens']);
    // Messages never show the wrapper's random name.
    expect([...found.values()].flat().join('\n')).not.toMatch(/\bp-[0-9a-f]{16}\b/);
    expect(found.get('closes')?.join('\n')).toMatch(/the item itself/);
    const hidden = await checkXmlParts([
      { name: 'comment', scope: '', bytes: Buffer.from('<a/><!--') },
      good(5),
      { name: 'end', scope: '', bytes: Buffer.from('-->') },
    ]);
    // `-->` alone is plain character data; the part that hid the wrapper after it is named.
    expect([...hidden.keys()]).toEqual(['comment']);
  });

  it('refuses a DOCTYPE or a second XML declaration inside a part', async () => {
    const found = await checkXmlParts([
      { name: 'doctype', scope: '', bytes: Buffer.from('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>') },
      { name: 'decl', scope: '', bytes: Buffer.from('<?xml version="1.0"?><a/>') },
    ]);
    expect([...found.keys()].sort()).toEqual(['decl', 'doctype']);
  });
});
