import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { anArticle } from '../../test/builders.js';
import { renderNewsMessage, type WireSite } from '../formats/newsml/index.js';
import { checkNewsml, NEWSML_XSD, newsmlSchemaDir } from './check-newsml.js';

const wire: WireSite = {
  domain: 'meridianherald.example',
  providerName: 'The Meridian Herald',
  siteUrl: 'https://meridianherald.example/',
  language: 'en',
  earlyEmbargoDelivery: false,
};
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
});
