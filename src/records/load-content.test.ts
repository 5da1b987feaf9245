import { execFileSync } from 'node:child_process';
import { rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../test/temp-dir.js';
import { formatDiagnostic } from './article.js';
import { type LoadOptions, loadContent as loadIn, type RecordCache } from './load-content.js';

// Every case runs twice: records parsed in this thread, and in the parsing workers that a
// large site uses, which must give the same results.
let parallelFrom: number | undefined;
const loadContent = (dir: string, opts: LoadOptions) =>
  loadIn(dir, parallelFrom === undefined ? opts : { ...opts, parallelFrom });

const good = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    headline: `Story ${id}`,
    url: `/world/${id}`,
    published: '2026-10-02T08:00:00Z',
    section: 'world',
    body: '<p>Text.</p>',
    ...extra,
  });

const markdown = `---
id: md-story
headline: "Tram line: a delay"
url: /local/md-story
published: 2026-10-03T09:30:00+02:00
section: local
images:
  - url: https://images.example/t.webp
    caption: A tram.
    credit: Tomas Beck/Meridian Herald
---
## Crosshead

Text with a [link](../world/a) & more.
`;

async function load(
  files: Record<string, string | Uint8Array>,
  opts: { maxFileBytes?: number; dir?: string } = {},
) {
  const dir = opts.dir ?? (await tempDir());
  await writeTree(dir, files);
  const r = await loadContent(dir, {
    baseUrl: 'https://meridianherald.example/',
    language: 'en',
    maxFileBytes: opts.maxFileBytes ?? 1024 * 1024,
    maxBodyBytes: 64 * 1024,
    displayRoot: dir,
  });
  return { ...r, lines: r.diagnostics.map(formatDiagnostic), dir };
}

for (const [mode, from] of [
  ['in this thread', undefined],
  ['in parsing workers', 0],
] as const)
  describe(`records read ${mode}`, () => {
    beforeAll(() => {
      parallelFrom = from;
    });

    describe('loadContent', () => {
      it('reads JSON and Markdown records and skips files starting with _ or .', async () => {
        const r = await load({
          'world/a.json': good('a'),
          'local/md-story.md': markdown,
          '_site.json': '{}',
          '.draft.json': 'x',
        });
        expect(r.lines).toEqual([]);
        expect(r.articles.map((a) => a.id).sort()).toEqual(['a', 'md-story']);
        const md = r.articles.find((a) => a.id === 'md-story');
        expect(md?.bodyHtml).toBe(
          '<h2>Crosshead</h2>\n<p>Text with a <a href="https://meridianherald.example/world/a">link</a> &amp; more.</p>',
        );
        expect(md?.published).toBe(Date.UTC(2026, 9, 3, 7, 30));
        expect(md?.images[0]?.credit).toEqual({
          line: 'Tomas Beck/Meridian Herald',
          photographer: 'Tomas Beck',
          agency: 'Meridian Herald',
        });
      });

      it('turns each kind of broken file into one clean diagnostic and keeps the good records', async () => {
        const r = await load({
          'world/good.json': good('good'),
          'world/malformed.json': '{"id": "x", ',
          'world/bad-yaml.md': '---\nid: [unclosed\n---\nBody',
          'world/no-front-matter.md': '# Just markdown',
          'world/empty.json': '',
          'world/binary.json': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
          'world/latin1.json': new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x7d]),
          'world/array.json': '[]',
        });
        expect(r.articles.map((a) => a.id)).toEqual(['good']);
        expect(r.lines).toEqual([
          'world/array.json: a record must be an object of fields',
          expect.stringMatching(
            /^world\/bad-yaml\.md: malformed YAML front matter at line \d+, column \d+: /,
          ),
          'world/binary.json: binary file (contains NUL bytes), not a text record',
          'world/empty.json: empty file',
          'world/latin1.json: not valid UTF-8 text',
          expect.stringMatching(/^world\/malformed\.json: malformed JSON: /),
          'world/no-front-matter.md: missing YAML front matter: the file must start with a --- line and close it with another',
        ]);
      });

      it('refuses a 50 MB record without reading it into a stack trace', async () => {
        const huge = good('huge', { body: `<p>${'x'.repeat(50 * 1024 * 1024)}</p>` });
        const r = await load(
          { 'world/huge.json': huge, 'world/ok.json': good('ok') },
          { maxFileBytes: 16 * 1024 * 1024 },
        );
        expect(r.lines).toEqual(['world/huge.json: file is 50.0 MB, over the 16.0 MB limit for one record']);
        expect(r.articles.map((a) => a.id)).toEqual(['ok']);
      });

      it('rejects both records that share an id, naming both files', async () => {
        const r = await load({
          'world/a.json': good('same'),
          'local/b.json': good('same'),
          'world/c.json': good('c'),
        });
        expect(r.articles.map((a) => a.id)).toEqual(['c']);
        expect(r.lines).toEqual([
          'local/b.json: id: "same" is also used by world/a.json',
          'world/a.json: id: "same" is also used by local/b.json',
        ]);
      });

      it('never accepts an id that could name a path', async () => {
        const r = await load({
          'world/t.json': good('../../etc/passwd'),
          'world/u.json': good('a/b'),
          'world/v.json': good('A'),
        });
        expect(r.articles).toEqual([]);
        expect(r.diagnostics.map((d) => d.path)).toEqual(['id', 'id', 'id']);
      });

      it('does not follow a symbolic link out of the content folder', async () => {
        const outside = await tempDir();
        await writeFile(path.join(outside, 'secret.json'), good('secret'));
        const dir = await tempDir();
        await writeTree(dir, { 'world/a.json': good('a') });
        await symlink(path.join(outside, 'secret.json'), path.join(dir, 'world', 'secret.json'));
        const r = await loadContent(dir, {
          baseUrl: 'https://meridianherald.example/',
          language: 'en',
          maxFileBytes: 1e6,
          maxBodyBytes: 1e5,
          displayRoot: dir,
        });
        expect(r.articles.map((a) => a.id)).toEqual(['a']);
        expect(r.diagnostics.map(formatDiagnostic)).toEqual([
          'world/secret.json: symbolic link leads outside the content folder',
        ]);
      });

      it('keeps YAML scalars as written: dates stay strings, no alias bombs', async () => {
        const bomb = `---\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\nx`;
        const started = Date.now();
        const r = await load({ 'world/bomb.md': bomb, 'local/md-story.md': markdown });
        expect(Date.now() - started).toBeLessThan(2000);
        expect(r.articles.map((a) => a.id)).toEqual(['md-story']);
        expect(r.lines[0]).toMatch(/^world\/bomb\.md: YAML front matter rejected: /);
      });
    });

    describe('loadContent duplicate ids', () => {
      it('rejects the valid twin of a broken record with the same id', async () => {
        const r = await load({
          'world/a.json': good('same'),
          'world/b.json': good('same', { section: 'Not A Slug' }),
        });
        expect(r.articles).toEqual([]);
        expect(r.lines).toContain('world/a.json: id: "same" is also used by world/b.json');
        expect(r.lines).toContain('world/b.json: id: "same" is also used by world/a.json');
      });
    });

    describe('loadContent keeps the last good version of a record it cannot use now', () => {
      const opts = (dir: string, cache?: RecordCache) => ({
        baseUrl: 'https://meridianherald.example/',
        language: 'en',
        maxFileBytes: 1024 * 1024,
        maxBodyBytes: 64 * 1024,
        displayRoot: dir,
        ...(cache ? { cache } : {}),
      });
      // Each build hands the next its cache, as build.ts does through the state folder (JSON).
      async function builds(dir: string) {
        let cache: RecordCache | undefined;
        return async () => {
          const r = await loadContent(dir, opts(dir, cache));
          cache = new Map(JSON.parse(JSON.stringify([...r.cache])));
          return { ...r, lines: r.diagnostics.map(formatDiagnostic) };
        };
      }

      it('a half-written record keeps giving its last good article until the file is whole again', async () => {
        const dir = await tempDir();
        await writeTree(dir, { 'world/a.json': good('a', { headline: 'First' }), 'world/b.json': good('b') });
        const next = await builds(dir);
        await next();
        await writeFile(path.join(dir, 'world/a.json'), '{"id": "a", "headl');
        for (let i = 0; i < 2; i++) {
          const r = await next();
          expect(r.articles.map((x) => [x.id, x.headline])).toEqual([
            ['a', 'First'],
            ['b', 'Story b'],
          ]);
          expect(r.lines).toEqual([
            expect.stringMatching(/^world\/a\.json: malformed JSON: /),
            'world/a.json: unusable now, so the last good version of "a" is kept until the file is readable again (only status: killed withdraws a story)',
          ]);
          expect(r.diagnostics[1]?.severity).toBe('warning');
        }
        await writeFile(path.join(dir, 'world/a.json'), good('a', { headline: 'Second', version: 2 }));
        const fixed = await next();
        expect(fixed.lines).toEqual([]);
        expect(fixed.articles.map((x) => x.headline)).toEqual(['Second', 'Story b']);
      });

      it('an invalid edit keeps the last good article; a file that never was good gives nothing', async () => {
        const dir = await tempDir();
        await writeTree(dir, {
          'world/a.json': good('a'),
          'world/new.json': good('new', { section: 'Bad' }),
        });
        const next = await builds(dir);
        expect((await next()).articles.map((x) => x.id)).toEqual(['a']);
        await writeFile(path.join(dir, 'world/a.json'), good('a', { url: 'javascript:alert(1)' }));
        const r = await next();
        expect(r.articles.map((x) => x.id)).toEqual(['a']);
        expect(r.lines).toEqual([
          'world/a.json: url: must be an http or https URL, not javascript',
          expect.stringContaining('world/a.json: unusable now, so the last good version of "a" is kept'),
          'world/new.json: section: must be a slug such as world or local-news',
        ]);
      });

      it('a vanished record is kept with a warning; a killed one is withdrawn and then forgotten', async () => {
        const dir = await tempDir();
        await writeTree(dir, { 'world/a.json': good('a'), 'world/k.json': good('k') });
        const next = await builds(dir);
        await next();
        await rm(path.join(dir, 'world/a.json'));
        const gone = await next();
        expect(gone.articles.map((x) => x.id)).toEqual(['k', 'a']);
        expect(gone.lines).toEqual([
          'world/a.json: record file is gone, so the last good version of "a" is kept until it returns; to withdraw the story set status: killed, then the file may be deleted',
        ]);
        expect(gone.files).toBe(1);
        await writeFile(path.join(dir, 'world/k.json'), good('k', { status: 'killed' }));
        expect((await next()).articles.find((x) => x.id === 'k')?.status).toBe('killed');
        await rm(path.join(dir, 'world/k.json'));
        const forgotten = await next();
        expect(forgotten.articles.map((x) => x.id)).toEqual(['a']);
        expect(forgotten.lines).toHaveLength(1);
      });

      it('a record moved to another file is the same story, not a duplicate of its old self', async () => {
        const dir = await tempDir();
        await writeTree(dir, { 'world/a.json': good('a') });
        const next = await builds(dir);
        await next();
        await rename(path.join(dir, 'world/a.json'), path.join(dir, 'world/moved.json'));
        const r = await next();
        expect(r.lines).toEqual([]);
        expect(r.articles.map((x) => [x.id, x.origin])).toEqual([['a', 'world/moved.json']]);
      });

      it('a record whose file becomes a link out of the folder keeps its last good version', async () => {
        const dir = await tempDir();
        const outside = await tempDir();
        await writeTree(dir, { 'world/a.json': good('a') });
        await writeTree(outside, { 'x.json': good('a', { headline: 'Planted' }) });
        const next = await builds(dir);
        await next();
        await rm(path.join(dir, 'world/a.json'));
        await symlink(path.join(outside, 'x.json'), path.join(dir, 'world/a.json'));
        const r = await next();
        expect(r.articles.map((x) => x.headline)).toEqual(['Story a']);
        expect(r.lines[0]).toBe('world/a.json: symbolic link leads outside the content folder');
      });
    });

    describe('loadContent checks a record against its last good version', () => {
      async function twoBuilds(before: string, after: string) {
        const dir = await tempDir();
        await writeTree(dir, { 'world/a.json': before });
        const o = {
          baseUrl: 'https://meridianherald.example/',
          language: 'en',
          maxFileBytes: 1e6,
          maxBodyBytes: 1e5,
          displayRoot: dir,
        };
        const first = await loadContent(dir, o);
        await writeFile(path.join(dir, 'world/a.json'), after);
        const r = await loadContent(dir, { ...o, cache: first.cache });
        return { ...r, lines: r.diagnostics.map(formatDiagnostic) };
      }

      it('a killed story cannot come back under the same id', async () => {
        const r = await twoBuilds(good('a', { status: 'killed' }), good('a', { version: 2 }));
        expect(r.articles.map((a) => [a.id, a.status])).toEqual([['a', 'killed']]);
        expect(r.lines[0]).toBe(
          'world/a.json: status: is "published" but the story was killed; a killed story stays withdrawn, publish it again under a new id',
        );
      });

      it('a version going backwards is refused and the higher version stays', async () => {
        const r = await twoBuilds(good('a', { version: 3 }), good('a', { version: 2, headline: 'Old' }));
        expect(r.articles.map((a) => [a.version, a.headline])).toEqual([[3, 'Story a']]);
        expect(r.lines[0]).toBe(
          'world/a.json: version: is 2, lower than 3 already given; versions only go up',
        );
      });

      it('new content under the same version is published with a warning', async () => {
        const r = await twoBuilds(good('a', { version: 2 }), good('a', { version: 2, headline: 'New' }));
        expect(r.articles.map((a) => a.headline)).toEqual(['New']);
        expect(r.diagnostics).toEqual([
          {
            file: 'world/a.json',
            path: 'version',
            message: 'is still 2 but the story changed; raise it so wire partners take the update',
            severity: 'warning',
          },
        ]);
      });
    });

    describe('loadContent and special files', () => {
      it('refuses a named pipe instead of waiting forever to read it', async () => {
        const dir = await tempDir();
        await writeTree(dir, { 'world/a.json': good('a') });
        execFileSync('mkfifo', [path.join(dir, 'world/pipe.json')]);
        const r = await Promise.race([
          load({}, { dir }),
          new Promise<never>((_, fail) =>
            setTimeout(() => fail(new Error('the build waited on a pipe')), 5000),
          ),
        ]);
        expect(r.articles.map((a) => a.id)).toEqual(['a']);
        expect(r.lines).toEqual([
          'world/pipe.json: not a regular file (a pipe, socket or device), not a record',
        ]);
      });
    });
  });
