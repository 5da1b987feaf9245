import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import type { FeedView } from '../src/formats/feed-view.js';
import type { Article } from '../src/records/article.js';
import { aFeed, anArticle, anImage } from './builders.js';

// What the RSS and Atom writers' tests check feeds with: the W3C Feed Validation Service,
// libxml2 for strict, namespace-aware well-formedness, a parser to read elements back, and
// the realistic and hostile inputs they must survive.

/** The repository root is the nearest folder above this file holding package.json. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${fileURLToPath(import.meta.url)}: no package.json above it`);
    dir = parent;
  }
  return dir;
}

/** `../shared/tools/validate-feed` beside the repository (`/work/shared` here). */
export const VALIDATE_FEED_TOOL = resolve(repoRoot(), '..', 'shared', 'tools', 'validate-feed');

/**
 * Runs the W3C validator with --strict (warnings fail too) on one feed. The tool is started
 * through its own `#!/usr/bin/python3` line, since it needs Debian's python3 with html5lib,
 * libxml2 and rdflib, which a `python3` first on PATH (pyenv, venv) may lack.
 */
export async function validateFeed(xml: string): Promise<{ ok: boolean; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'syndicate-feed-'));
  const file = join(dir, 'feed.xml');
  try {
    await writeFile(file, xml, 'utf8');
    return await new Promise((done) => {
      execFile(
        VALIDATE_FEED_TOOL,
        ['--strict', '--all', file],
        { timeout: 60_000 },
        (error, stdout, stderr) => {
          const output = `${stdout}${stderr}`.trim();
          done({
            ok: error === null || onlyKnownGaps(output),
            output: error && !output ? String(error) : output,
          });
        },
      );
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The validator predates RFC 6721 (2012) and warns that its namespace is unknown; that is the
 * one warning a feed may carry, and only for that namespace. Tests check tombstones' structure
 * themselves (test/feed-sets.e2e.test.ts).
 */
const KNOWN_GAPS = [
  /^WARN\s+\d+:\d+ UnknownNamespace: Use of unknown namespace: http:\/\/purl\.org\/atompub\/tombstones\/1\.0$/,
];

function onlyKnownGaps(output: string): boolean {
  const lines = output.split('\n').filter((l) => /^(WARN|ERROR|ERR)\b/.test(l));
  const summary = /, 0 error\(s\), (\d+) warning\(s\)$/m.exec(output);
  return (
    summary !== null &&
    lines.length === Number(summary[1]) &&
    lines.every((l) => KNOWN_GAPS.some((gap) => gap.test(l)))
  );
}

/**
 * libxml2's complaints about each document: not well-formed, or a prefix used but not declared.
 * One call checks many documents, since starting the WebAssembly module is the slow part.
 */
export async function xmlProblemsEach(docs: readonly string[]): Promise<string[][]> {
  const xml = docs.map((contents, i) => ({ fileName: `doc-${i}.xml`, contents }));
  const result = await validateXML({ xml, normalization: 'format' });
  const problems = docs.map((): string[] => []);
  for (const m of result.rawOutput.matchAll(/^doc-(\d+)\.xml:\d+: (.*error : .*)$/gm)) {
    problems[Number(m[1])]?.push(m[2] as string);
  }
  if (!result.valid && problems.every((p) => p.length === 0)) throw new Error(`xmllint: ${result.rawOutput}`);
  return problems;
}

export async function xmlProblems(xml: string): Promise<string[]> {
  return (await xmlProblemsEach([xml]))[0] ?? [];
}

/** Counts start tags of `name`, ignoring CDATA sections (story HTML may hold anything). */
export function countElements(xml: string, name: string): number {
  const markup = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  return markup.split(new RegExp(`<${name.replace(':', '\\:')}[\\s/>]`)).length - 1;
}

/** A parsed element: attributes as `@name`, text as `#text`, children as arrays. */
export type El = Record<string, unknown>;

// Every element an array, text kept exactly as written, &#10; in attributes decoded.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  trimValues: false,
  parseTagValue: false,
  htmlEntities: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

export const parseXml = (xml: string): El => parser.parse(xml) as El;
export const kids = (node: El, name: string): El[] =>
  ((node[name] ?? []) as unknown[]).map((k) => (typeof k === 'string' ? { '#text': k } : (k as El)));
export function kid(node: El, name: string): El {
  const first = kids(node, name)[0];
  if (first === undefined) throw new Error(`no <${name}> in ${Object.keys(node).join(', ')}`);
  return first;
}
export const text = (node: El): string => (typeof node['#text'] === 'string' ? node['#text'] : '');
export const texts = (node: El, name: string): string[] => kids(node, name).map(text);

/** A media:content's credits read back into the printed line (docs/media-credits.md). */
export function printedLine(content: El): string {
  const credits = kids(content, 'media:credit');
  const verbatim = credits.find((c) => c['@role'] === undefined);
  return verbatim ? text(verbatim) : credits.map(text).join('/');
}

/** Text with what XML forbids or must escape: `]]>`, controls, lone surrogates, markup. */
export const HOSTILE = 'a ]]> b \u0001 c \ud800 d "><x> e & <y/> f \r\n g \uFFFE';
export const hostile = (field: string): string => `${HOSTILE} ${field}`;

/** Short strings of hostile pieces, any UTF-16 unit and any code point. */
export const hostileString = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      ']]>',
      '\u0000',
      '\u0001',
      '\ud800',
      '\udfff',
      '"><x>',
      '&amp;',
      '<',
      '&',
      '\r\n',
      '\r',
      '\uFFFE',
      'ש',
      '東',
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  ),
  maxLength: 12,
});

const at = (iso: string): number => Date.parse(iso);

/**
 * A realistic feed both writers must pass the W3C validator with: a corrected story with
 * several images, a right-to-left agency story without authors, a CJK story with no byline.
 * Dates lie in the past, since the validator flags dates after its own clock as implausible.
 */
export function aNewsroomFeed(): FeedView {
  const stories: Article[] = [
    anArticle({
      published: at('2024-05-02T08:00:00Z'),
      updated: at('2024-05-03T09:30:00Z'),
      version: 2,
      corrections: [{ date: at('2024-05-03T09:30:00Z'), text: 'An earlier version gave the vote as 30–21.' }],
      dateline: { city: 'Meridian', country: 'Freeland' },
      images: [
        anImage(),
        anImage({
          url: 'https://images.meridianherald.example/2024/council.jpg',
          caption: 'Councillors raise their hands during the vote.',
          alt: 'Councillors voting',
          credit: { line: 'Piet Vos/Meridian Herald', photographer: 'Piet Vos', agency: 'Meridian Herald' },
          length: undefined,
          rights: undefined,
        }),
      ],
    }),
    anArticle({
      id: 'beirut-port-reopens',
      headline: 'مرفأ بيروت يعيد فتح أرصفته',
      subheadline: 'السفن التجارية تعود بعد عامين',
      summary: 'أعيد فتح المرفأ أمام السفن التجارية.',
      bodyHtml: '<p>عادت السفن إلى المرفأ صباح الأربعاء.</p>',
      url: 'https://meridianherald.example/world/beirut-port-reopens',
      published: at('2024-05-01T07:00:00Z'),
      updated: at('2024-05-01T07:00:00Z'),
      authors: [],
      byline: 'مراسلنا في بيروت',
      source: 'Reuters',
      rights: '© 2024 Reuters',
      section: 'world',
      tags: [{ name: 'لبنان' }],
      language: 'ar',
      images: [
        anImage({
          url: 'https://images.meridianherald.example/2024/beirut.jpg',
          caption: 'رافعات في مرفأ بيروت',
          alt: 'رافعات',
          credit: { line: 'Reuters' },
          type: undefined,
          length: undefined,
          width: undefined,
          height: undefined,
          rights: undefined,
        }),
      ],
    }),
    anArticle({
      id: 'tokyo-line-opens',
      headline: '東京の新線が開業',
      subheadline: undefined,
      summary: '新しい路線が開業した。',
      bodyHtml: '<p>新線は午前五時に開業した。</p>',
      url: 'https://meridianherald.example/world/tokyo-line-opens',
      published: at('2024-04-30T22:00:00Z'),
      updated: at('2024-04-30T22:00:00Z'),
      authors: [],
      section: 'world',
      tags: [],
      language: 'ja',
      images: [],
    }),
  ];
  return aFeed(stories);
}
