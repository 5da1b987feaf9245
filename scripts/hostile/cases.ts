import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkNewsml } from '../../src/publish/check-newsml.js';
import { checkXmlWellFormed } from '../../src/publish/check-xml.js';
import { DOCTYPE_REFUSED } from '../../src/publish/refuse-doctype.js';
import { renderMarkdown } from '../../src/records/markdown-body.js';
import { normaliseRecord } from '../../src/records/normalise-record.js';
import { parseJsonRecord, parseMarkdownRecord } from '../../src/records/parse-source.js';

// Hostile input for every parser the project runs: XML (its own outputs before publishing, and
// any file `syndicate validate` is pointed at), YAML front matter, JSON records, HTML and
// Markdown bodies. Each case says what must happen; scripts/hostile-bounds.ts measures its
// time and memory in a fresh process.

export interface HostileCase {
  readonly name: string;
  readonly parser: 'XML' | 'YAML' | 'JSON' | 'HTML' | 'Markdown';
  /** Runs the case; throws when the outcome is not the one required. */
  readonly run: () => Promise<void>;
  /** A harmless input through the same parser, so a measurement leaves out loading it. */
  readonly warmUp: () => Promise<void>;
}

function expectThat(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

const lol = (n: number) =>
  `<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY l0 "lol">\n${Array.from(
    { length: n },
    (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`,
  ).join('\n')}\n]>\n<rss version="2.0"><channel><title>&l${n};</title></channel></rss>`;

/** Both XML checkers refuse the document for its DOCTYPE, and parse nothing of it. */
async function refusedByBothCheckers(text: string): Promise<void> {
  const [wellFormed, newsml] = await Promise.all([
    checkXmlWellFormed([{ name: 'doc', text }]),
    checkNewsml([{ name: 'doc', text }]),
  ]);
  expectThat(
    wellFormed.get('doc')?.[0] === DOCTYPE_REFUSED,
    `well-formedness check: ${wellFormed.get('doc')}`,
  );
  expectThat(newsml.get('doc')?.[0] === DOCTYPE_REFUSED, `NewsML-G2 check: ${newsml.get('doc')}`);
}

const xmlWarmUp = async () => {
  await Promise.all([
    checkXmlWellFormed([{ name: 'w', text: '<rss version="2.0"><channel/></rss>' }]),
    checkNewsml([{ name: 'w', text: '<x/>' }]),
  ]);
};
const yamlWarmUp = async () => void parseMarkdownRecord('---\nid: a\n---\nx');
const jsonWarmUp = async () => void parseJsonRecord('{"id": "a"}');

const ctx = {
  baseUrl: 'https://meridianherald.example/',
  language: 'en',
  maxBodyBytes: 2 * 1024 * 1024,
  renderMarkdown,
};
const aRecord = (body: string) => ({
  id: 'hostile',
  headline: 'Hostile body',
  url: '/world/hostile',
  published: '2026-10-02T08:00:00Z',
  section: 'world',
  body,
});
const bodyWarmUp = (markdown: boolean) => async () =>
  void normaliseRecord(aRecord('<p>x</p>'), 'w', { ...ctx, bodyIsMarkdown: markdown });

/** A record with this body is published or refused in bounded time, never a crash. */
function boundedBody(body: string, markdown: boolean): () => Promise<void> {
  return async () => {
    const r = normaliseRecord(aRecord(body), 'hostile', { ...ctx, bodyIsMarkdown: markdown });
    expectThat(r.article !== undefined || r.errors.length > 0, 'neither an article nor a diagnostic');
  };
}

function prototypeUntouched(): void {
  const probe = {} as Record<string, unknown>;
  expectThat(Object.getPrototypeOf(probe) === Object.prototype, 'a plain object lost its prototype');
  expectThat(
    probe.polluted === undefined && Object.keys(Object.prototype).length === 0,
    'Object.prototype polluted',
  );
}

export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    name: 'billion laughs (10 levels of 10)',
    parser: 'XML',
    warmUp: xmlWarmUp,
    run: () => refusedByBothCheckers(lol(10)),
  },
  {
    name: 'quadratic blowup (100 kB entity x 20 000)',
    parser: 'XML',
    warmUp: xmlWarmUp,
    run: () =>
      refusedByBothCheckers(
        `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "${'x'.repeat(100_000)}">]><rss>${'&a;'.repeat(20_000)}</rss>`,
      ),
  },
  {
    name: 'external entity reading /etc/passwd',
    parser: 'XML',
    warmUp: xmlWarmUp,
    run: () =>
      refusedByBothCheckers(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>',
      ),
  },
  {
    name: 'external DTD and parameter entities over HTTP (loopback)',
    parser: 'XML',
    warmUp: xmlWarmUp,
    run: async () => {
      let requests = 0;
      const server = http.createServer((_, res) => {
        requests++;
        res.end('<!ENTITY x "fetched">');
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.dtd`;
      try {
        await refusedByBothCheckers(
          `<?xml version="1.0"?><!DOCTYPE rss SYSTEM "${url}" [<!ENTITY % p SYSTEM "${url}"> %p;]><rss>&x;</rss>`,
        );
        expectThat(requests === 0, `${requests} requests reached the loopback server`);
      } finally {
        server.close();
      }
    },
  },
  {
    name: 'DOCTYPE behind a BOM, comments and processing instructions',
    parser: 'XML',
    warmUp: xmlWarmUp,
    run: () =>
      refusedByBothCheckers(
        `\uFEFF<?xml version="1.0"?>\n<!-- a -- b - -->\n<?pi x?>\n<!doctype rss [<!ENTITY a "b">]><rss>&a;</rss>`,
      ),
  },
  {
    name: '100 000 nested elements',
    parser: 'XML',
    warmUp: xmlWarmUp,
    run: async () => {
      const text = `<rss>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</rss>`;
      const [wellFormed, newsml] = await Promise.all([
        checkXmlWellFormed([{ name: 'doc', text }]),
        checkNewsml([{ name: 'doc', text }]),
      ]);
      expectThat(
        /Excessive depth/.test(wellFormed.get('doc')?.[0] ?? ''),
        `well-formedness check: ${wellFormed.get('doc')}`,
      );
      expectThat(
        /Excessive depth/.test(newsml.get('doc')?.[0] ?? ''),
        `NewsML-G2 check: ${newsml.get('doc')}`,
      );
    },
  },
  {
    name: 'alias bomb (9 levels of 9 aliases)',
    parser: 'YAML',
    warmUp: yamlWarmUp,
    run: async () => {
      const levels = Array.from({ length: 9 }, (_, i) =>
        i === 0
          ? 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
          : `a${i}: &a${i} [${Array(9)
              .fill(`*a${i - 1}`)
              .join(',')}]`,
      );
      const r = parseMarkdownRecord(`---\n${levels.join('\n')}\nid: x\n---\nbody`);
      expectThat(!r.ok && /alias/i.test(r.message), JSON.stringify(r).slice(0, 200));
    },
  },
  {
    name: 'merge-key bomb',
    parser: 'YAML',
    warmUp: yamlWarmUp,
    run: async () => {
      const levels = Array.from({ length: 12 }, (_, i) =>
        i === 0
          ? 'm0: &m0 {a: 1, b: 2}'
          : `m${i}: &m${i} {<<: [${Array(8)
              .fill(`*m${i - 1}`)
              .join(',')}], k${i}: ${i}}`,
      );
      const r = parseMarkdownRecord(`---\n${levels.join('\n')}\n---\nbody`);
      expectThat(!r.ok || typeof r.value === 'object', 'no verdict');
    },
  },
  {
    name: '50 000 nested flow sequences',
    parser: 'YAML',
    warmUp: yamlWarmUp,
    run: async () => {
      const r = parseMarkdownRecord(`---\nid: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n---\nbody`);
      expectThat(r.ok || r.message.length > 0, 'no verdict');
    },
  },
  {
    name: '__proto__ and constructor.prototype keys',
    parser: 'YAML',
    warmUp: yamlWarmUp,
    run: async () => {
      const r = parseMarkdownRecord(
        '---\n__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}\na: &x {polluted: yes}\n<<: *x\n---\nbody',
      );
      expectThat(r.ok, JSON.stringify(r));
      prototypeUntouched();
    },
  },
  {
    name: '1 000 000 nested arrays',
    parser: 'JSON',
    warmUp: jsonWarmUp,
    run: async () => {
      const r = parseJsonRecord(`{"id": ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`);
      expectThat(r.ok || r.message.length > 0, 'no verdict');
    },
  },
  {
    name: '__proto__ and constructor.prototype keys',
    parser: 'JSON',
    warmUp: jsonWarmUp,
    run: async () => {
      const r = parseJsonRecord(
        '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "a": 1}',
      );
      expectThat(r.ok, JSON.stringify(r));
      prototypeUntouched();
    },
  },
  {
    name: '100 000 keys (1.7 MB), the last one repeated',
    parser: 'JSON',
    warmUp: jsonWarmUp,
    run: async () => {
      const keys = Array.from({ length: 100_000 }, (_, i) => `"k${i}": ${i}`);
      const r = parseJsonRecord(`{${keys.join(',')}, "k0": 0}`);
      expectThat(!r.ok && r.path === 'k0', JSON.stringify(r).slice(0, 200));
    },
  },
  {
    name: '2 MB body of unclosed nested tags',
    parser: 'HTML',
    warmUp: bodyWarmUp(false),
    run: boundedBody('<b><i>'.repeat(170_000), false),
  },
  {
    name: '2 MB body of unclosed attributes and comments',
    parser: 'HTML',
    warmUp: bodyWarmUp(false),
    run: boundedBody(`<a href="${'<!--<a title="x'.repeat(130_000)}`, false),
  },
  {
    name: '1 MB of nested brackets and emphasis',
    parser: 'Markdown',
    warmUp: bodyWarmUp(true),
    run: boundedBody(`${'['.repeat(250_000)}${'*a _'.repeat(125_000)}`, true),
  },
  {
    name: '1 MB of nested block quotes and lists',
    parser: 'Markdown',
    warmUp: bodyWarmUp(true),
    run: boundedBody(`${'> - '.repeat(250_000)}x`, true),
  },
];
