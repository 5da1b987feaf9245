import { chmod, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir.js';
import { openItemSpill } from './item-spill.js';

const text = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : Buffer.from(bytes).toString();

describe('openItemSpill', () => {
  it('gives back every item it took, before and after they reach the file, leaving no file behind', async () => {
    const dir = await tempDir();
    const spill = openItemSpill(dir);
    if (spill === undefined) throw new Error('no spill');
    // Unlinked while open: a crash cannot leave it in the state folder.
    expect(await readdir(dir)).toEqual([]);
    // Enough items of varied sizes to fill several write blocks, one larger than a block.
    const items = Array.from(
      { length: 3000 },
      (_, i) => `<item n="${i}">${'x'.repeat((i * 37) % 1500)}</item>`,
    );
    items[1234] = `<item big>${'y'.repeat(3 << 20)}</item>`;
    const places: number[] = [];
    const read = (i: number) => spill.get(places[i] as number, Buffer.byteLength(items[i] as string));
    items.forEach((item, i) => {
      places.push(spill.put(Buffer.from(item)) as number);
      // The newest is still gathered in memory; an early one is on disk by now.
      expect(text(read(i))).toBe(item);
    });
    const wrong = items.filter((item, i) => text(read(i)) !== item);
    expect(wrong.length).toBe(0);
    spill.close();
    expect(read(0)).toBeUndefined();
    expect(spill.put(Buffer.from('after'))).toBeUndefined();
  });

  it('is not made where no file can be', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a-file');
    await writeFile(file, '');
    expect(openItemSpill(path.join(file, 'below'))).toBeUndefined();
    if (process.getuid?.() !== 0) {
      await chmod(dir, 0o500);
      expect(openItemSpill(dir)).toBeUndefined();
      await chmod(dir, 0o700);
    }
  });
});
