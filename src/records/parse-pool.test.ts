import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir, writeTree } from '../../test/temp-dir.js';
import { readInWorkers } from './parse-pool.js';
import { readRecord } from './read-record.js';

vi.mock('./parse-record-file.js', async (original) => {
  const real = await original<typeof import('./parse-record-file.js')>();
  return {
    ...real,
    parseRecordFile: (bytes: Uint8Array, md: boolean, display: string, opts: never) => {
      if (display.includes('bug')) throw new TypeError("Cannot read properties of undefined (reading 'x')");
      return real.parseRecordFile(bytes, md, display, opts);
    },
  };
});

const opts = {
  baseUrl: 'https://meridianherald.example/',
  language: 'en',
  maxBodyBytes: 65536,
  maxFileBytes: 1e6,
};
const record = (id: string) =>
  JSON.stringify({
    id,
    headline: id,
    url: `/w/${id}`,
    published: '2026-10-02T08:00:00Z',
    section: 'w',
    body: '<p>x</p>',
  });

describe('reading records', () => {
  it('a record that trips a bug in parsing becomes a problem of that file', async () => {
    const dir = await tempDir();
    await writeTree(dir, { 'bug.json': record('a'), 'fine.json': record('b') });
    const job = (name: string) => readRecord(path.join(dir, name), dir, name, opts, undefined);
    expect(job('bug.json')).toMatchObject({
      kind: 'read',
      result: {
        diagnostics: [
          {
            file: 'bug.json',
            path: '',
            message: "could not be processed: Cannot read properties of undefined (reading 'x')",
            severity: 'error',
          },
        ],
      },
    });
    expect(job('fine.json')).toMatchObject({ kind: 'read', result: { article: { id: 'b' } } });
  });

  it('a record that stops its worker is reported alone; the other records in its batch are read', async () => {
    const dir = await tempDir();
    const names = Array.from({ length: 100 }, (_, i) => (i === 37 ? 'crash-37.json' : `s-${i}.json`));
    await writeTree(dir, Object.fromEntries(names.map((n, i) => [n, record(`s-${i}`)])));
    const jobs = names.map((n) => ({ file: path.join(dir, n), root: dir, display: n }));
    const script = new URL('../../test/fixtures/failing-parse-worker.ts', import.meta.url);
    const out = await readInWorkers(jobs, opts, 2, (o) => o, script);
    expect(out[37]).toEqual({
      kind: 'refused',
      message: 'could not be processed: parsing worker exited (70)',
    });
    const ids = out.map((o) => (o?.kind === 'read' ? o.result?.article?.id : undefined));
    expect(ids.filter((id) => id !== undefined)).toHaveLength(99);
    expect(ids[36]).toBe('s-36');
    expect(ids[38]).toBe('s-38');
  });

  it('where no worker can start, every record is left to the calling thread', async () => {
    const dir = await tempDir();
    await writeTree(dir, { 'a.json': record('a') });
    const script = new URL('../../test/fixtures/no-such-worker.ts', import.meta.url);
    const out = await readInWorkers(
      [{ file: path.join(dir, 'a.json'), root: dir, display: 'a.json' }],
      opts,
      2,
      (o) => o,
      script,
    );
    expect(out).toEqual([undefined]);
  });
});
