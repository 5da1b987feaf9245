import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aFeedIndex, anIndexedFeed } from '../../../test/feed-index-builders.js';
import { hostile, hostileString } from '../../../test/validate-feed.js';
import { cleanText } from '../shared/xml.js';
import { renderIndexJson } from './index-json.js';
import schema from './index-json.schema.json' with { type: 'json' };

// ajv-formats is CommonJS; see src/publish/check-json-feed.ts for why `default`.
const addFormats = addFormatsModule.default;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

// JSON.stringify escapes a lone surrogate rather than failing; the result parses, but is not
// Unicode, and no reader can decode it (RFC 8259 §8.2).
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f]/i;

const parse = (json: string) =>
  JSON.parse(json) as Record<string, unknown> & { feeds: Record<string, unknown>[] };

describe('renderIndexJson', () => {
  it('lists every feed in the given order with its URLs, paths, counts and updated time', () => {
    const doc = parse(renderIndexJson(aFeedIndex()));
    expect(doc).toMatchObject({
      version: 1,
      title: 'The Meridian Herald',
      home_page_url: 'https://meridianherald.example/',
      feeds_url: 'https://meridianherald.example/feeds/',
      opml_url: 'https://meridianherald.example/feeds/feeds.opml',
      wire: {
        path: 'newsml-index.xml',
        url: 'https://meridianherald.example/feeds/newsml-index.xml',
        messages: 1234,
      },
    });
    expect(doc.feeds.map((f) => f.key)).toEqual([
      'main',
      'custom/no-wire',
      'sections/business',
      'sections/world',
      'tags/energy-climate',
      'authors/jane-roe',
    ]);
    expect(doc.feeds[3]).toEqual({
      key: 'sections/world',
      kind: 'section',
      title: 'World',
      description: 'Stories filed under world',
      urls: {
        rss: 'https://meridianherald.example/feeds/sections/world/rss.xml',
        atom: 'https://meridianherald.example/feeds/sections/world/atom.xml',
        json: 'https://meridianherald.example/feeds/sections/world/feed.json',
        html: 'https://meridianherald.example/sections/world',
      },
      paths: {
        rss: 'sections/world/rss.xml',
        atom: 'sections/world/atom.xml',
        json: 'sections/world/feed.json',
      },
      items: 20,
      total: 120,
      archive_pages: 5,
      updated: '2026-10-02T08:00:00Z',
    });
    expect(doc.feeds[1]?.updated).toBe('2026-10-03T09:30:00.250Z');
  });

  it('leaves out `updated` for an empty feed and `wire` when the wire is off', () => {
    const doc = parse(renderIndexJson(aFeedIndex({ wire: undefined })));
    expect(doc).not.toHaveProperty('wire');
    expect(doc.feeds[5]).not.toHaveProperty('updated');
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it('is two-space JSON with a trailing newline, byte-stable for the same input', () => {
    const json = renderIndexJson(aFeedIndex());
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.split('\n')[1]).toBe('  "version": 1,');
    expect(renderIndexJson(aFeedIndex())).toBe(json);
    expect(json).toBe(`${JSON.stringify(JSON.parse(json), null, 2)}\n`);
  });

  it('matches its schema, which rejects what it should', () => {
    const doc = parse(renderIndexJson(aFeedIndex()));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const emptyDoc = parse(renderIndexJson(aFeedIndex({ feeds: [] })));
    expect(validate(emptyDoc), JSON.stringify(validate.errors)).toBe(true);

    const broken = structuredClone(doc);
    broken.feeds[0] = {
      ...broken.feeds[0],
      kind: 'topic',
      archive_pages: -1,
      updated: 'yesterday',
      extra: 1,
    };
    expect(validate(broken)).toBe(false);
    const complaints = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(complaints).toEqual(
      expect.arrayContaining([
        '/feeds/0 additionalProperties',
        '/feeds/0/kind enum',
        '/feeds/0/archive_pages minimum',
        '/feeds/0/updated format',
      ]),
    );
  });

  it('carries hostile text as cleaned text, never a lone surrogate', () => {
    const feed = anIndexedFeed('tags/x', { title: hostile('title'), description: hostile('description') });
    const json = renderIndexJson(aFeedIndex({ feeds: [feed] }));
    expect(json).not.toMatch(LONE_SURROGATE_ESCAPE);
    expect(json).not.toContain('\\u0001');
    const [entry] = parse(json).feeds;
    expect(entry?.title).toBe(cleanText(hostile('title')));
    expect(entry?.description).toBe(cleanText(hostile('description')));
  });

  it('gives back any title and description once XML-forbidden characters are removed (property)', () => {
    const text = fc.oneof(hostileString, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(text, text, (title, description) => {
        const feed = anIndexedFeed('sections/x', { title, description });
        const json = renderIndexJson(aFeedIndex({ site: { ...aFeedIndex().site, title }, feeds: [feed] }));
        const doc = parse(json);
        expect(doc.title).toBe(cleanText(title));
        expect(doc.feeds[0]?.title).toBe(cleanText(title));
        expect(doc.feeds[0]?.description).toBe(cleanText(description));
        expect(json).not.toMatch(LONE_SURROGATE_ESCAPE);
        expect(validate(doc)).toBe(true);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
