import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
