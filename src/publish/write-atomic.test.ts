import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Fault, faultyWriteFs } from '../../test/faulty-write-fs.js';
import { tempDir } from '../../test/temp-dir.js';
import { writeAtomic } from './write-atomic.js';

describe('writeAtomic', () => {
  it('writes strings, bytes and streamed chunks, leaving no temporary file', async () => {
    const dir = await tempDir();
    await writeAtomic(path.join(dir, 'a.xml'), 'één');
    await writeAtomic(path.join(dir, 'b.xml'), Buffer.from('bytes'));
    function* chunks() {
      for (let i = 0; i < 3000; i++) yield `<item n="${i}">ü</item>`;
    }
    await writeAtomic(path.join(dir, 'sub/c.xml'), chunks());
    expect(await readFile(path.join(dir, 'a.xml'), 'utf8')).toBe('één');
    expect(await readFile(path.join(dir, 'b.xml'), 'utf8')).toBe('bytes');
    expect(await readFile(path.join(dir, 'sub/c.xml'), 'utf8')).toBe([...chunks()].join(''));
    expect((await readdir(dir, { recursive: true })).sort()).toEqual(['a.xml', 'b.xml', 'sub', 'sub/c.xml']);
  });

  it('keeps the old file when the new bytes cannot be produced', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'feed.xml');
    await writeAtomic(file, 'old');
    function* failing() {
      yield 'new start';
      throw new Error('writer failed');
    }
    await expect(writeAtomic(file, failing())).rejects.toThrow('writer failed');
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['feed.xml']);
  });
});

describe('writeAtomic on a failing disk', () => {
  const steps: Fault[] = [
    { step: 'open', code: 'EROFS' },
    { step: 'write', code: 'ENOSPC' },
    { step: 'sync', code: 'EIO' },
    { step: 'rename', code: 'EIO' },
  ];
  for (const fault of steps) {
    it(`${fault.code} at ${fault.step}: the old file stays whole and no temporary file is left`, async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'feed.xml');
      await writeAtomic(file, 'old bytes');
      await expect(writeAtomic(file, 'new bytes, longer', faultyWriteFs(fault))).rejects.toMatchObject({
        code: fault.code,
      });
      expect(await readFile(file, 'utf8')).toBe('old bytes');
      expect(await readdir(dir)).toEqual(['feed.xml']);
    });
  }

  it('removes what a killed process left in the folder, but not the temporary files of its own writes', async () => {
    const dir = await tempDir();
    const stale = ['.rss.xml.4242-0123456789ab.tmp', '.feed.json.abcdef012345.tmp'];
    const kept = ['.hidden', 'notes.tmp', `.x.xml.${process.pid}-0123456789ab.tmp`];
    for (const name of [...stale, ...kept]) await writeFile(path.join(dir, name), 'partial');
    await writeAtomic(path.join(dir, 'rss.xml'), 'new');
    expect((await readdir(dir)).sort()).toEqual([...kept, 'rss.xml'].sort());
  });
});
