import fc from 'fast-check';
import { stringify } from 'yaml';

// Adversarial record files: every field valid, hostile, of the wrong type or missing; bodies
// of hostile HTML or Markdown; both file forms. Most records stay valid enough to reach every
// writer, so the outputs, not only the diagnostics, meet hostile text.

const SPECIALS = [
  ']]>',
  '<![CDATA[',
  '<!--',
  '-->',
  '<?xml',
  '<!DOCTYPE x [<!ENTITY a "b">]>',
  '&a;',
  '&#0;',
  '&#x1;',
  '&#xD800;',
  '&amp;',
  '&',
  '<',
  '>',
  '"',
  "'",
  '"><x>',
  '\u0000',
  '\u0001',
  '\u0008',
  '\u001b',
  '\u0085',
  '\u2028',
  '\ud800',
  '\udfff',
  '\uFEFF',
  '\uFFFE',
  '\uFFFF',
  '\uFDD0',
  '\u{1FFFF}',
  '\u202E',
  '\u2066',
  '\u200D',
  '\u0301',
  '\r\n',
  '\r',
  '\t',
  'xmlns:x="y"',
  '__proto__',
  'javascript:',
  'ש',
  'مرحبا',
  '東京',
  '👩‍👩‍👧',
];

const unit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIALS) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
);
export const hostileText = fc.string({ unit, maxLength: 24 });
const line = hostileText.map((s) => `T ${s}`);

const TAGS = [
  'p',
  'b',
  'i',
  'a',
  'div',
  'span',
  'script',
  'style',
  'iframe',
  'img',
  'svg',
  'math',
  'table',
  'td',
  'li',
  'h2',
  'blockquote',
  'form',
  'object',
  'x:y',
  'p:q',
];
const ATTRS = [
  'href="javascript:alert(1)"',
  'href="/relative/path"',
  'href="https://example.com/a?b=1&c=2"',
  'href="//evil.example/"',
  'src="data:text/html,x"',
  'src=x',
  'onerror="alert(1)"',
  'onclick=alert(1)',
  'style="x:expression(1)"',
  'xmlns="http://www.w3.org/1999/xhtml"',
  'xmlns:o="urn:x"',
  'o:p="1"',
  'title="a]]>b"',
  'dir="rtl"',
  'lang="ar"',
  'href',
];
const htmlToken = fc.oneof(
  hostileText,
  fc
    .tuple(fc.constantFrom(...TAGS), fc.array(fc.constantFrom(...ATTRS), { maxLength: 3 }))
    .map(([t, a]) => `<${[t, ...a].join(' ')}>`),
  fc.constantFrom(...TAGS).map((t) => `</${t}>`),
  fc.constantFrom(
    '&nbsp;',
    '&eacute;',
    '&bogus;',
    '&#128512;',
    '&#0;',
    '&#xFFFE;',
    '<br/>',
    '<hr>',
    '<!-- c -->',
    '<![CDATA[x]]>',
  ),
);
const htmlBody = fc.array(htmlToken, { maxLength: 30 }).map((t) => t.join(''));
const markdownBody = fc
  .array(
    fc.oneof(
      htmlToken,
      fc.constantFrom(
        '\n\n# ',
        '[x](javascript:y)',
        '![i](x)',
        '`code`',
        '\n> ',
        '\n- ',
        '***',
        '<https://x.example>',
        '[r]: /ref',
      ),
    ),
    {
      maxLength: 30,
    },
  )
  .map((t) => t.join(''));

const validInstant = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .date({ min: new Date('1990-01-01Z'), max: new Date('2027-12-31Z'), noInvalidDate: true })
      .map((d) => d.toISOString()),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.date({ min: new Date('2000-01-01Z'), max: new Date('2026-12-31Z'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
      )
      .map(([d, off]) => {
        const local = new Date(d.getTime() + off * 60000).toISOString().slice(0, 19);
        const sign = off < 0 ? '-' : '+';
        const abs = Math.abs(off);
        return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      }),
  },
);
const instant = fc.oneof(
  { weight: 4, arbitrary: validInstant },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2026-02-30T10:00:00Z',
      '2026-10-01T09:00:00',
      '2026-10-01',
      '2026-10-01T25:00:00Z',
      '2026-10-01T09:00:00+24:00',
      '9999-12-31T23:59:59Z',
      '0000-01-01T00:00:00Z',
      '2016-12-31T23:59:60Z',
      'yesterday',
      '',
    ),
  },
  { weight: 1, arbitrary: hostileText },
);

const validUrl = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(
    '/local/x',
    'world/y',
    '../../z',
    '//host.example/p',
    'https://例え.example/ニュース',
    'https://a.example/?q="><x>&y',
    'HTTPS://A.EXAMPLE/%2e%2e/',
  ),
  hostileText.map((s) => `/path/${s}`),
);
const url = fc.oneof(
  validUrl,
  fc.constantFrom('javascript:alert(1)', 'file:///etc/passwd', 'mailto:a@b.example', 'http://', 'data:,x'),
);
const creditLine = line.map((s) => s.replaceAll('/', ''));
const validCredit = fc.oneof(
  fc.constantFrom('Jane Roe/AFP/Getty Images', 'Reuters', 'ليلى/وكالة/صور'),
  creditLine,
  fc.tuple(creditLine, creditLine).map(([p, a]) => `${p}/${a}`),
  fc.record(
    { photographer: creditLine, agency: creditLine, distributor: creditLine },
    { requiredKeys: ['agency'] },
  ),
);
const credit = fc.oneof(validCredit, fc.constantFrom('A/B/C/D', '//', ' / ', 'Jane Roe/'), fc.constant({}));

/**
 * A record's fields. Plain: every field well-typed (its text hostile), optional ones present or
 * not. Hostile: any field may also be of the wrong type, invalid, or missing.
 */
function fields(hostile: boolean) {
  const field = <T>(valid: fc.Arbitrary<T>, invalid?: fc.Arbitrary<unknown>, required = false) => {
    const options: fc.WeightedArbitrary<unknown>[] = [{ weight: 8, arbitrary: valid }];
    if (!required) options.push({ weight: hostile ? 2 : 4, arbitrary: fc.constant(undefined) });
    if (hostile) {
      options.push({
        weight: 1,
        arbitrary: fc.oneof(
          invalid ?? hostileText,
          hostileText,
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          fc.array(fc.integer(), { maxLength: 2 }),
          fc.object({ maxDepth: 1, maxKeys: 2 }),
        ),
      });
      if (required) options.push({ weight: 1, arbitrary: fc.constant(undefined) });
    }
    return fc.oneof(...options);
  };
  const image = fc.record(
    {
      url: field(fc.webUrl(), url, true),
      caption: field(line, undefined, true),
      credit: field(validCredit, credit, true),
      alt: field(hostileText),
      type: field(
        fc.constantFrom('image/jpeg', 'image/png', 'image/webp', 'image/svg+xml'),
        fc.constantFrom('text/html', 'image/'),
      ),
      length: field(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: -5, max: 0 })),
      width: field(fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 100001, max: 1e7 })),
      height: field(fc.integer({ min: 1, max: 100000 })),
      rights: field(line),
    },
    { requiredKeys: ['url', 'caption', 'credit'] },
  );
  return fc.record(
    {
      id: field(
        fc.constant('fuzz-@ID@'),
        fc.constantFrom('../x', 'A', 'a/b', 'fuzz-0', '', 'x'.repeat(129)),
        true,
      ),
      headline: field(line, fc.constantFrom('', ' ', 'x'.repeat(301)), true),
      subheadline: field(line),
      summary: field(hostileText),
      url: field(validUrl, url, true),
      published: field(validInstant, instant, true),
      updated: fc.oneof(field(validInstant, instant), fc.constant(undefined)),
      authors: field(
        fc.array(
          fc.record({
            name: line,
            email: field(fc.emailAddress(), fc.constant('not-an-email')),
            url: field(validUrl, url),
          }),
          {
            maxLength: 3,
          },
        ),
      ),
      byline: field(line),
      source: field(line),
      section: field(
        fc.constantFrom('world', 'local', 'business', 'sport-2'),
        fc.constantFrom('World', 'a b', ''),
        true,
      ),
      tags: field(
        fc.array(
          fc.oneof(
            line,
            fc.record({ name: line, scheme: validUrl, code: hostileText }, { requiredKeys: ['name'] }),
          ),
          {
            maxLength: 4,
          },
        ),
      ),
      language: field(
        fc.constantFrom('en', 'ar', 'ja', 'pt-BR', 'he', 'zh-Hant-TW'),
        fc.constantFrom('x', 'en_US'),
      ),
      dateline: field(
        fc.record(
          {
            city: line,
            country: line,
            lat: fc.double({ min: -90, max: 90, noNaN: true }),
            lon: fc.double({ min: -180, max: 180, noNaN: true }),
          },
          { requiredKeys: [] },
        ),
      ),
      images: field(fc.array(image, { maxLength: 3 })),
      status: field(
        fc.constantFrom('published', 'published', 'published', 'published', 'draft', 'embargoed', 'killed'),
        fc.constantFrom('live', 'PUBLISHED'),
      ),
      embargo: field(validInstant, instant),
      version: field(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: -1, max: 0 })),
      corrections: field(fc.array(fc.record({ date: validInstant, text: line }), { maxLength: 2 })),
      urgency: field(fc.integer({ min: 1, max: 9 }), fc.constantFrom(0, 10, 1.5)),
      rights: field(line),
    },
    { requiredKeys: ['id', 'headline', 'url', 'published', 'section'] },
  );
}

const recordFields = fc.oneof(
  { weight: 3, arbitrary: fields(false) },
  { weight: 1, arbitrary: fields(true) },
);

export interface RecordFile {
  readonly name: string;
  readonly bytes: string;
}

/** One record file: JSON (HTML body) or Markdown (YAML front matter, Markdown body); `@ID@` is its number. */
export const recordFile: fc.Arbitrary<RecordFile> = fc
  .tuple(
    recordFields,
    fc.boolean(),
    htmlBody,
    markdownBody,
    fc.constantFrom('', '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}'),
  )
  .map(([fields, markdown, html, md, proto]) => {
    const data = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    if (!markdown) {
      let json = JSON.stringify({ ...data, body: html });
      if (proto) json = `{${proto.slice(1, -1)},${json.slice(1)}`;
      return { name: 'r@ID@.json', bytes: json };
    }
    let front: string;
    try {
      front = stringify(data);
    } catch {
      front = 'headline: [unclosed';
    }
    return { name: 'r@ID@.md', bytes: `---\n${front}---\n${md}\n` };
  });
