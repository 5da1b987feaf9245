import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { anArticle, aWire } from '../../test/builders.js';
import { renderNewsMessage } from '../formats/newsml/index.js';
import {
  checkNewsml,
  MAX_RUN_DOCS,
  NEWSML_XSD,
  newsmlCheckEngine,
  newsmlSchemaDir,
  planRuns,
  stackPointerStart,
  startNewsmlCheck,
} from './check-newsml.js';

const wire = aWire();
const valid = (id = 'harbour-tunnel-vote') => renderNewsMessage(anArticle({ id }), wire);
const EXAMPLES = path.resolve(import.meta.dirname, '../../../shared/schemas/newsml-g2/examples');

afterEach(() => {
  delete process.env.SYNDICATE_NEWSML_XSD_DIR;
});

describe('checkNewsml', () => {
  it('uses the schema shipped in the repository, with its licence beside it', () => {
    const dir = newsmlSchemaDir();
    expect(dir).toBe(path.resolve(import.meta.dirname, '../../schemas/newsml-g2'));
    for (const file of [NEWSML_XSD, 'xml.xsd', 'LICENSE-IPTC.txt'])
      expect(existsSync(path.join(dir, file)), file).toBe(true);
  });

  it.runIf(existsSync(EXAMPLES))("passes IPTC's own valid examples", async () => {
    const names = [
      'LISTING_1_A_NewsML-G2_News_Item.xml',
      'LISTING_3_Photo_in_NewsML-G2.xml',
      'test_CR00127_newsMessage.xml',
    ];
    const docs = names.map((name) => ({ name, text: readFileSync(path.join(EXAMPLES, name), 'utf8') }));
    expect(await checkNewsml(docs)).toEqual(new Map());
  });

  it('names each invalid or malformed document with its problems, and passes the rest', async () => {
    const noItemMeta = valid().replace(/<itemMeta>[\s\S]*?<\/itemMeta>/, '');
    const problems = await checkNewsml([
      { name: 'newsml/good.xml', text: valid() },
      { name: 'newsml/no-item-meta.xml', text: noItemMeta },
      { name: 'newsml/broken.xml', text: valid().replace('</itemSet>', '') },
      {
        name: '-not an option.xml',
        text: '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header/>',
      },
    ]);
    expect([...problems.keys()]).toEqual([
      'newsml/no-item-meta.xml',
      'newsml/broken.xml',
      '-not an option.xml',
    ]);
    expect(problems.get('newsml/no-item-meta.xml')?.[0]).toMatch(
      /^line \d+: .*Element 'contentMeta': This element is not expected/,
    );
    expect(problems.get('newsml/broken.xml')?.[0]).toMatch(/^line \d+: parser error : /);
  });

  it('fails a document libxml2 only warns about, such as an undeclared prefix', async () => {
    const text = valid().replace('<header>', '<header x:note="1">');
    expect((await checkNewsml([{ name: 'ns.xml', text }])).get('ns.xml')?.[0]).toMatch(/namespace error/);
  });

  it('attributes problems correctly across the runs a large batch is split into', async () => {
    const docs = Array.from({ length: 1201 }, (_, i) => ({ name: `newsml/s${i}.xml`, text: valid(`s${i}`) }));
    docs[700] = {
      name: 'newsml/s700.xml',
      text: (docs[700] as { text: string }).text.replace('<sent>', '<sent>x'),
    };
    const problems = await checkNewsml(docs);
    expect([...problems.keys()]).toEqual(['newsml/s700.xml']);
  });

  it('refuses every document when the schema cannot be read, and passes an empty batch', async () => {
    process.env.SYNDICATE_NEWSML_XSD_DIR = await mkdtemp(path.join(tmpdir(), 'no-xsd-'));
    const problems = await checkNewsml([{ name: 'a.xml', text: valid() }]);
    expect(problems.get('a.xml')?.[0]).toMatch(/^NewsML-G2 schema not readable in /);
    expect(await checkNewsml([])).toEqual(new Map());
  });

  it("runs xmllint-wasm's own module in its workers, not the slower validateXML() fallback", async () => {
    expect(await checkNewsml([{ name: 'a.xml', text: valid() }])).toEqual(new Map());
    expect(await newsmlCheckEngine()).toBe('worker');
  });

  it('gives the same verdicts to documents handed over one at a time as they are rendered', async () => {
    const docs = Array.from({ length: 1301 }, (_, i) => ({ name: `newsml/s${i}.xml`, text: valid(`s${i}`) }));
    for (const i of [3, 700, 1300]) {
      const doc = docs[i] as { name: string; text: string };
      docs[i] = { name: doc.name, text: doc.text.replace('<sent>', '<sent>x') };
    }
    const check = startNewsmlCheck();
    for (const [i, doc] of docs.entries()) {
      check.add(doc);
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
    const problems = await check.finish();
    expect([...problems.keys()].sort()).toEqual(['newsml/s1300.xml', 'newsml/s3.xml', 'newsml/s700.xml']);
    expect(problems).toEqual(await checkNewsml(docs));
    expect(() => check.add({ name: 'late.xml', text: valid() })).toThrow(/after finish/);
    expect(await startNewsmlCheck().finish()).toEqual(new Map());
  });
});

describe('planRuns', () => {
  const batch = (n: number, chars = 12_000) =>
    Array.from({ length: n }, (_, i) => ({ name: `d${i}`, text: 'x'.repeat(chars) }));

  it('keeps every run within the argv limit, balanced, in a multiple of the lanes, in order', () => {
    const docs = batch(10_000);
    const runs = planRuns(docs, 2);
    expect(runs.length).toBe(8);
    expect(runs.flat()).toEqual(docs);
    const sizes = runs.map((r) => r.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_RUN_DOCS);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(2);
  });

  it('shares a batch between lanes only when it is big enough', () => {
    expect(planRuns(batch(1), 2).length).toBe(1);
    expect(planRuns(batch(300), 2).length).toBe(1);
    expect(planRuns(batch(500), 2).map((r) => r.length)).toEqual([250, 250]);
    expect(planRuns(batch(900), 4).length).toBe(4);
  });

  it('splits by length too, so a run of large documents stays within the byte limit', () => {
    const runs = planRuns(batch(40, 1_000_000), 2);
    expect(runs.length).toBe(2);
    expect(runs.flat().length).toBe(40);
    expect(planRuns(batch(3, 30_000_000), 2).map((r) => r.length)).toEqual([1, 1, 1]);
  });
});

describe('stackPointerStart', () => {
  it("reads the start of xmllint's stack from the WebAssembly binary", () => {
    const require = createRequire(import.meta.url);
    const wasm = readFileSync(path.join(path.dirname(require.resolve('xmllint-wasm')), 'xmllint.wasm'));
    const top = stackPointerStart(wasm);
    // 64 KiB of stack, inside the initial 16 MiB of memory.
    expect(top).toBeGreaterThan(65_536);
    expect(top).toBeLessThanOrEqual(16 * 1024 * 1024);
  });

  it('returns undefined for a binary not laid out as expected', () => {
    const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    // One global section: (global (mut i32) (i32.const 200912)).
    const global = [0x06, 0x08, 0x01, 0x7f, 0x01, 0x41, 0xd0, 0xa1, 0x0c, 0x0b];
    expect(stackPointerStart(Uint8Array.from([...header, ...global]))).toBe(200_912);
    // Immutable, or no global at all.
    const constant = [0x06, 0x08, 0x01, 0x7f, 0x00, 0x41, 0xd0, 0xa1, 0x0c, 0x0b];
    expect(stackPointerStart(Uint8Array.from([...header, ...constant]))).toBeUndefined();
    expect(stackPointerStart(Uint8Array.from(header))).toBeUndefined();
  });
});
