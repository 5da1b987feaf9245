import { readdir, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir.js';
import { segmentAt, sweepSegments } from './body-segments.js';
import { BodySink } from './body-sink.js';

const bodies = ['<p>“Quoted” — first.</p>', `<p>${'x'.repeat(70_000)}</p>`, '<p>Ünïcödé ✓ third</p>'];

describe('body files', () => {
  it('give back each body added, byte for byte, across flushes', async () => {
    const folder = path.join(await tempDir(), 'bodies');
    const sink = new BodySink(folder);
    const first = sink.add(bodies[0] as string);
    const second = sink.add(bodies[1] as string);
    expect(sink.flush()).toBe(true);
    const third = sink.add(bodies[2] as string);
    expect(sink.flush()).toBe(true);
    expect(sink.flush()).toBe(true); // nothing added: nothing to write
    const places = [first, second, third];
    for (const [i, place] of places.entries()) {
      if (place === undefined) throw new Error('no place');
      const segment = segmentAt(place.segment, false);
      expect(segment.holds(place.at, place.length)).toBe(true);
      expect(segment.read(place.at, place.length).toString('utf8')).toBe(bodies[i]);
    }
    expect(new Set(places.map((p) => p?.segment)).size).toBe(1);
    expect(third?.at).toBe(Buffer.byteLength((bodies[0] as string) + bodies[1]));
    const segment = segmentAt(third?.segment as string, false);
    expect(segment.holds(third?.at as number, (third?.length as number) + 1)).toBe(false);
    await segment.sync();
    expect(segment.durable).toBe(true);
  });

  it('a sink that cannot write says so, and takes nothing after', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'file'), 'not a folder');
    const sink = new BodySink(path.join(dir, 'file', 'bodies'));
    expect(sink.add('<p>a</p>')).toBeDefined();
    expect(sink.flush()).toBe(false);
    expect(sink.add('<p>b</p>')).toBeUndefined();
    expect(sink.flush()).toBe(true);
  });

  it('a body stays readable after its file is removed, while a story uses it', async () => {
    const folder = path.join(await tempDir(), 'bodies');
    const sink = new BodySink(folder);
    const place = sink.add(bodies[2] as string);
    sink.flush();
    const segment = segmentAt(place?.segment as string, true);
    await rm(place?.segment as string);
    expect(segment.read(place?.at as number, place?.length as number).toString()).toBe(bodies[2]);
  });

  it('sweeping removes the files no story uses, but not one another live process may be writing', async () => {
    const folder = path.join(await tempDir(), 'bodies');
    const add = (text: string) => {
      const sink = new BodySink(folder);
      const place = sink.add(text);
      sink.flush();
      return place?.segment as string;
    };
    const used = add('<p>used</p>');
    const dropped = add('<p>no longer used</p>');
    const droppedSegment = segmentAt(dropped, true);
    const neverOpened = add('<p>written, then its build stopped</p>');
    // Process 1 is always running; a number past the kernel's limit never is.
    const live = path.join(folder, '1-0-aaaaaaaaaaaa.body');
    const oldLive = path.join(folder, '1-0-bbbbbbbbbbbb.body');
    const gone = path.join(folder, '4194305-0-cccccccccccc.body');
    for (const f of [live, oldLive, gone]) await writeFile(f, 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(oldLive, twoHoursAgo, twoHoursAgo);
    await writeFile(path.join(folder, 'notes.txt'), 'not a body file');
    await sweepSegments(folder, new Set([segmentAt(used, true)]));
    expect((await readdir(folder)).sort()).toEqual(
      [path.basename(used), path.basename(live), 'notes.txt'].sort(),
    );
    expect(path.basename(neverOpened)).toMatch(new RegExp(`^${process.pid}-`));
    expect(() => droppedSegment.read(0, 1)).toThrow(/let go/);
    expect(() => segmentAt(dropped, true)).toThrow(/no such file/);
  });
});
