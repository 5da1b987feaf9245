import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown-body.js';
import { normaliseRecord } from './normalise-record.js';

const ctx = {
  baseUrl: 'https://meridianherald.example/',
  language: 'en',
  maxBodyBytes: 4096,
  bodyIsMarkdown: false,
  renderMarkdown,
};

function aRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'pier-fire',
    headline: 'Fire closes north pier',
    url: '/local/pier-fire',
    published: '2026-10-02T10:00:00+02:00',
    section: 'local',
    body: '<p>Crews worked <a href="../weather/storm">through the storm</a>.</p>',
    images: [
      {
        url: 'https://images.meridianherald.example/a.jpg',
        caption: 'Smoke.',
        credit: 'Jane Roe/AFP/Getty Images',
      },
    ],
    ...overrides,
  };
}

const problems = (input: unknown) => normaliseRecord(input, 'content/local/pier-fire.json', ctx).errors;

describe('normaliseRecord', () => {
  it('normalises a valid record: absolute URLs, instants, defaults', () => {
    const { article, errors } = normaliseRecord(aRecord(), 'content/local/pier-fire.json', ctx);
    expect(errors).toEqual([]);
    expect(article).toMatchObject({
      id: 'pier-fire',
      url: 'https://meridianherald.example/local/pier-fire',
      published: Date.UTC(2026, 9, 2, 8),
      updated: Date.UTC(2026, 9, 2, 8),
      language: 'en',
      status: 'published',
      version: 1,
      bodyHtml:
        '<p>Crews worked <a href="https://meridianherald.example/weather/storm">through the storm</a>.</p>',
    });
    expect(article?.images[0]).toMatchObject({
      alt: 'Smoke.',
      credit: { line: 'Jane Roe/AFP/Getty Images', agency: 'AFP' },
    });
  });

  it('names a missing required field', () => {
    const { headline: _h, ...rest } = aRecord();
    expect(problems(rest)).toEqual([{ path: 'headline', message: 'required' }]);
  });

  it('names a missing credit inside the image list', () => {
    const images = [
      { url: 'https://i.example/a.jpg', caption: 'A', credit: 'A/B' },
      { url: 'https://i.example/b.jpg', caption: 'B' },
    ];
    expect(problems(aRecord({ images }))).toEqual([{ path: 'images[1].credit', message: 'required' }]);
  });

  it('reports every problem in a record, one diagnostic each', () => {
    const found = problems(
      aRecord({ id: '../../etc/passwd', published: '2026-10-02T10:00:00', status: 'embargoed', urgency: 12 }),
    );
    expect(found.map((p) => p.path).sort()).toEqual(['id', 'urgency']);
    const semantic = problems(aRecord({ published: '2026-10-02T10:00:00', status: 'embargoed' }));
    expect(semantic).toEqual([
      { path: 'published', message: '"2026-10-02T10:00:00" has no UTC offset; add Z or one like +02:00' },
      { path: 'embargo', message: 'required when status is embargoed' },
    ]);
  });

  it('rejects an updated time before the first publication', () => {
    expect(problems(aRecord({ updated: '2026-10-01T00:00:00Z' }))).toEqual([
      { path: 'updated', message: 'is earlier than published' },
    ]);
  });

  it('rejects non-http URLs and bad credits with the field named', () => {
    const images = [{ url: 'javascript:alert(1)', caption: 'x', credit: 'A//B' }];
    expect(problems(aRecord({ images }))).toEqual([
      { path: 'images[0].credit', message: '"A//B" has an empty part between slashes' },
      { path: 'images[0].url', message: 'must be an http or https URL, not javascript' },
    ]);
  });

  it('rejects a body over the configured size', () => {
    expect(problems(aRecord({ body: `<p>${'x'.repeat(5000)}</p>` }))).toEqual([
      { path: 'body', message: 'is 5007 bytes; the limit is 4096' },
    ]);
  });

  it('counts the size of a body in UTF-8 bytes, not characters', () => {
    // 1 363 euro signs are 4 089 bytes: with the tags, exactly the limit.
    expect(problems(aRecord({ body: `<p>${'€'.repeat(1363)}</p>` }))).toEqual([]);
    expect(problems(aRecord({ body: `<p>${'€'.repeat(1363)}é</p>` }))).toEqual([
      { path: 'body', message: 'is 4098 bytes; the limit is 4096' },
    ]);
  });

  it('lets a killed story go without a body but no other', () => {
    expect(problems(aRecord({ body: undefined, status: 'killed' }))).toEqual([]);
    expect(problems(aRecord({ body: undefined }))).toEqual([{ path: 'body', message: 'required' }]);
  });

  it('removes characters XML forbids and sanitises the body', () => {
    const { article } = normaliseRecord(
      aRecord({
        headline: 'Fire\u0001 closes \ud800pier',
        body: '<p onclick="x()">Hi<script>evil()</script></p><iframe src="https://x"></iframe>',
      }),
      'f.json',
      ctx,
    );
    expect(article?.headline).toBe('Fire closes pier');
    expect(article?.bodyHtml).toBe('<p>Hi</p>');
  });

  it('warns about unknown fields without rejecting the record', () => {
    const r = normaliseRecord(aRecord({ headine: 'typo', _cms: 1 }), 'f.json', ctx);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([{ path: 'headine', message: 'unknown field, ignored' }]);
  });

  it('derives the byline from the authors when none is printed', () => {
    const authors = [{ name: 'Jane Roe' }, { name: 'Tomas Beck' }, { name: 'Ana Lima' }];
    const { article } = normaliseRecord(aRecord({ authors }), 'f.json', ctx);
    expect(article?.byline).toBe('Jane Roe, Tomas Beck and Ana Lima');
  });

  it('says what type a field should have', () => {
    expect(problems(aRecord({ version: '2', tags: 'one' }))).toEqual([
      { path: 'tags', message: 'must be a list, not the string "one"' },
      { path: 'version', message: 'must be a number, not the string "2"' },
    ]);
  });
});

describe('normaliseRecord repairs what would break a strict consumer', () => {
  const ctx4m = { ...ctx, maxBodyBytes: 4 * 1024 * 1024 };
  it('flattens body elements nested deeper than 64 levels, keeping their text', () => {
    const deep = `${'<span>'.repeat(300)}deep${'</span>'.repeat(300)}`;
    const r = normaliseRecord(aRecord({ body: `<p>${deep}</p><p>after</p>` }), 'x.json', ctx);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      { path: 'body', message: 'elements nested deeper than 64 levels were flattened to their text' },
    ]);
    const html = r.article?.bodyHtml ?? '';
    expect(html.match(/<span>/g)).toHaveLength(63);
    expect(html.match(/<\/span>/g)).toHaveLength(63);
    expect(html).toMatch(/<span>deep<\/span>(<\/span>)+<\/p><p>after<\/p>$/);
  });

  it('refuses a body nesting elements over 1000 deep before the sanitiser sees it', () => {
    const started = performance.now();
    const r = normaliseRecord(aRecord({ body: '<b><i>'.repeat(170_000) }), 'x.json', ctx4m);
    expect(r.errors).toEqual([
      { path: 'body', message: 'elements nested deeper than 1000 levels, refused unparsed' },
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
    const fine = `<table><tr><td>${'<b>'.repeat(900)}deep${'</b>'.repeat(900)}<br><img src="/a.jpg"><hr/></td></tr></table>`;
    expect(normaliseRecord(aRecord({ body: fine }), 'x.json', ctx4m).errors).toEqual([]);
  });

  it('drops a photo listed twice, with a warning naming both', () => {
    const img = aRecord().images as unknown[];
    const r = normaliseRecord(aRecord({ images: [img[0], img[0]] }), 'x.json', ctx);
    expect(r.article?.images).toHaveLength(1);
    expect(r.warnings).toEqual([{ path: 'images[1]', message: 'same photo as images[0]; dropped' }]);
  });
});

describe('normaliseRecord URLs', () => {
  it('percent-encodes what WHATWG URL leaves but RFC 3986 forbids, so every feed accepts the URL', () => {
    const r = normaliseRecord(
      aRecord({
        url: '/path/a|b^c[d]%zz%41?q=a|b[1]#f|g^',
        authors: [{ name: 'A', url: 'https://x.example/~a|b' }],
      }),
      'x.json',
      ctx,
    );
    expect(r.errors).toEqual([]);
    expect(r.article?.url).toBe(
      'https://meridianherald.example/path/a%7Cb%5Ec%5Bd%5D%25zz%41?q=a%7Cb%5B1%5D#f%7Cg%5E',
    );
    expect(r.article?.authors[0]?.url).toBe('https://x.example/~a%7Cb');
  });

  it('keeps an empty query or fragment in place while escaping the path', () => {
    const r = normaliseRecord(
      aRecord({
        url: 'https://x.example/%E8%B1a|b?#',
        authors: [{ name: 'A', url: 'https://u:p@x.example/a?#b#c' }],
      }),
      'x.json',
      ctx,
    );
    expect(r.article?.url).toBe('https://x.example/%E8%B1a%7Cb?#');
    expect(r.article?.authors[0]?.url).toBe('https://u:p@x.example/a?#b%23c');
  });
});

describe('normaliseRecord bounds', () => {
  it('refuses a Markdown body of more than 50 000 emphasis and link markers before rendering it', () => {
    const md = { ...ctx, bodyIsMarkdown: true, maxBodyBytes: 4 * 1024 * 1024 };
    const started = performance.now();
    const r = normaliseRecord(
      aRecord({ body: `${'['.repeat(250_000)}${'*a _'.repeat(125_000)}` }),
      'x.md',
      md,
    );
    expect(r.errors).toEqual([
      { path: 'body', message: 'has 500000 emphasis and link markers (* _ [ ]); the limit is 50000' },
    ]);
    expect(performance.now() - started).toBeLessThan(500);
    expect(normaliseRecord(aRecord({ body: '*a* [b](c) _d_\n'.repeat(5000) }), 'x.md', md).errors).toEqual(
      [],
    );
  });

  it('a 2 MB body of tags that never close costs one pass', () => {
    const started = performance.now();
    const body = `<a href="${'<!--<a title="x'.repeat(130_000)}`;
    normaliseRecord(aRecord({ body }), 'x.json', { ...ctx, maxBodyBytes: 4 * 1024 * 1024 });
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
