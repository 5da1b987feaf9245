import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir.js';
import type { Article } from './article.js';
import { BodySink } from './body-sink.js';
import { bodySegmentOf, compact, fromStored, portable, toStored, withFields } from './compact-article.js';

const body = `<p>“Quoted” — ${'a long paragraph of story text. '.repeat(40)}</p>`;
const plain: Article = {
  id: 'a',
  headline: 'Headline',
  summary: 'Summary',
  bodyHtml: body,
  url: 'https://meridianherald.example/a',
  published: 1_790_000_000_000,
  updated: 1_790_000_000_000,
  authors: [{ name: 'Jane Roe' }],
  byline: 'Jane Roe',
  section: 'world',
  tags: [{ name: 'Port', scheme: 'x' }],
  language: 'en',
  images: [
    {
      url: 'https://images.example/a.jpg',
      caption: 'A ship.',
      alt: 'A ship.',
      credit: { line: 'Jane Roe/AFP', photographer: 'Jane Roe', agency: 'AFP' },
      width: 1600,
    },
  ],
  status: 'published',
  version: 1,
  corrections: [],
  origin: 'content/a.json',
};

describe('compact articles', () => {
  it('read, serialise, spread and clone exactly as the plain article, keys in the same order', () => {
    const c = compact(portable(plain), new Map());
    expect(Object.getOwnPropertyDescriptor(c, 'bodyHtml')?.get).toBeTypeOf('function');
    expect(c.bodyHtml).toBe(body);
    expect(Object.keys(c)).toEqual(Object.keys(plain));
    expect(JSON.stringify(c)).toBe(JSON.stringify(plain));
    expect({ ...c }).toStrictEqual(plain);
    expect(structuredClone(c)).toStrictEqual(plain);
    expect(c).toEqual(plain);
  });

  it('cross from a worker as a message does, and share repeated strings', () => {
    const strings = new Map<string, string>();
    const [a, b] = [1, 2].map(() => compact(structuredClone(portable(plain)), strings)) as [Article, Article];
    expect(JSON.stringify(a)).toBe(JSON.stringify(plain));
    expect(b.bodyHtml).toBe(body);
    expect(strings.get('Jane Roe/AFP')).toBe('Jane Roe/AFP');
    expect(strings.has(body)).toBe(false);
  });

  it('keep a short body as a plain string', () => {
    const short = { ...plain, bodyHtml: '<p>Short.</p>' };
    const c = compact(portable(short), new Map());
    expect(Object.getOwnPropertyDescriptor(c, 'bodyHtml')).toMatchObject({ value: '<p>Short.</p>' });
    expect(JSON.stringify(c)).toBe(JSON.stringify(short));
  });

  it('give each story its own body, read over and over in any order, past the bodies kept', () => {
    const bodies = Array.from(
      { length: 600 },
      (_, i) => `<p>Story ${i}: ${'text of its own. '.repeat(40)}</p>`,
    );
    const stories = bodies.map((b) => compact(portable({ ...plain, bodyHtml: b }), new Map()));
    const order = [0, 0, 1, 0, 599, 1, 1, 300, 0, 599, ...bodies.keys(), 0, 1];
    const wrong = order.filter((i) => (stories[i] as Article).bodyHtml !== bodies[i]);
    expect(wrong).toEqual([]);
  });

  it('take changed fields as spread does, the body still packed', () => {
    const c = compact(portable(plain), new Map());
    const images = [{ ...plain.images[0]!, width: 800 }];
    const changed = withFields(c, { images });
    expect(Object.getOwnPropertyDescriptor(changed, 'bodyHtml')?.get).toBeTypeOf('function');
    expect(JSON.stringify(changed)).toBe(JSON.stringify({ ...plain, images }));
    expect(Object.keys(changed)).toEqual(Object.keys(plain));
  });

  it('store a packed body as base64 of its deflated bytes, and read back any such', () => {
    const c = compact(portable(plain), new Map());
    const stored = toStored(c);
    const deflated = (stored.bodyHtml as { deflated: string }).deflated;
    expect(inflateRawSync(Buffer.from(deflated, 'base64')).toString('utf8')).toBe(body);
    expect(JSON.stringify(fromStored(stored, new Map()))).toBe(JSON.stringify(plain));
    // A state file written before stays readable: the bytes of any deflate stream will do.
    const earlier = {
      ...plain,
      bodyHtml: { deflated: deflateRawSync(body, { level: 9 }).toString('base64') },
    };
    const read = fromStored(earlier, new Map());
    expect(read.bodyHtml).toBe(body);
    expect(JSON.stringify(read)).toBe(JSON.stringify(plain));
  });

  it('store a body in a file by the file name and place, and read it back from there', async () => {
    const folder = path.join(await tempDir(), 'bodies');
    const sink = new BodySink(folder);
    const crossed = structuredClone(portable(plain, sink));
    expect(sink.flush()).toBe(true);
    const c = compact(crossed, new Map());
    expect(c.bodyHtml).toBe(body);
    const stored = JSON.parse(JSON.stringify(toStored(c)));
    const name = path.basename(bodySegmentOf(c)?.path as string);
    expect(stored.bodyHtml).toEqual({ segment: name, at: 0, length: Buffer.byteLength(body) });
    const here = (n: string) => (n === name ? path.join(folder, n) : undefined);
    expect(JSON.stringify(fromStored(stored, new Map(), here))).toBe(JSON.stringify(plain));
    expect(() => fromStored(stored, new Map(), () => undefined)).toThrow(/no body file/);
    const outside = { ...stored, bodyHtml: { ...stored.bodyHtml, segment: '../../etc/passwd' } };
    expect(() => fromStored(outside, new Map(), (n) => n)).toThrow(/no body file/);
    for (const at of [1, -1, 0.5, '0'] as const) {
      const wrong = { ...stored, bodyHtml: { ...stored.bodyHtml, at } };
      expect(() => fromStored(wrong, new Map(), here)).toThrow(/no body of/);
    }
  });
});

describe('compact articles in memory', () => {
  it('keep fast properties, as a hash-table object costs a story some 700 bytes and slows every read', async () => {
    setFlagsFromString('--allow-natives-syntax');
    const fast = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
    const strings = new Map<string, string>();
    const full: Article = {
      ...plain,
      subheadline: 'Deck',
      source: 'staff',
      dateline: { place: 'Port' },
      embargo: 1_790_000_000_000,
      urgency: 3,
      rights: 'All rights reserved',
      corrections: [{ date: 1_790_000_000_000, text: 'A correction.' }],
    } as Article;
    const folder = path.join(await tempDir(), 'bodies');
    const sink = new BodySink(folder);
    const inFolder = (n: string) => path.join(folder, n);
    for (const article of [plain, full, { ...plain, bodyHtml: '<p>Short.</p>' }])
      for (const crossed of [portable(article), portable(article, sink)]) {
        expect(sink.flush()).toBe(true);
        const c = compact(structuredClone(crossed), strings);
        expect(fast(c)).toBe(true);
        expect(fast(withFields(c, { images: [] }))).toBe(true);
        expect(fast(fromStored(JSON.parse(JSON.stringify(toStored(c))), strings, inFolder))).toBe(true);
      }
  });
});
