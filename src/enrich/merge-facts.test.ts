import { describe, expect, it } from 'vitest';
import { anImage } from '../../test/builders.js';
import { aBareImage } from '../../test/enrich-fixtures.js';
import { isNarrowerThan, mergeFacts } from './merge-facts.js';

const URL = 'https://images.meridianherald.example/a.jpg';
const MEASURED = { type: 'image/jpeg', length: 5000, width: 800, height: 600 };

describe('mergeFacts', () => {
  it('fills every fact a record lacks', () => {
    const { image, disagreements } = mergeFacts(aBareImage(URL), MEASURED);
    expect(image).toMatchObject(MEASURED);
    expect(disagreements).toEqual([]);
  });

  it('returns the same image when the record already has everything and the host agrees', () => {
    const record = anImage({ url: URL, ...MEASURED });
    expect(mergeFacts(record, MEASURED)).toEqual({ image: record, disagreements: [] });
    expect(mergeFacts(record, MEASURED).image).toBe(record);
  });

  it('keeps the record facts and lists each disagreement', () => {
    const record = aBareImage(URL, { type: 'image/png', length: 4999 });
    const { image, disagreements } = mergeFacts(record, MEASURED);
    expect(image).toMatchObject({ type: 'image/png', length: 4999, width: 800, height: 600 });
    expect(disagreements).toEqual([
      { field: 'type', record: 'image/png', measured: 'image/jpeg' },
      { field: 'length', record: 4999, measured: 5000 },
    ]);
  });

  it('fills the missing side of the size only when the given side agrees with the host', () => {
    expect(mergeFacts(aBareImage(URL, { width: 800 }), MEASURED).image).toMatchObject({
      width: 800,
      height: 600,
    });
    const off = mergeFacts(aBareImage(URL, { width: 1600 }), MEASURED);
    expect(off.image.width).toBe(1600);
    expect(off.image.height).toBeUndefined();
    expect(off.disagreements).toEqual([{ field: 'width', record: 1600, measured: 800 }]);
  });

  it('adds nothing the host did not measure', () => {
    const { image } = mergeFacts(aBareImage(URL), { type: 'image/gif' });
    expect(image).toMatchObject({ type: 'image/gif' });
    expect(image.length).toBeUndefined();
    expect(image.width).toBeUndefined();
  });
});

describe('isNarrowerThan', () => {
  it('is true only for a known width under a minimum that is on', () => {
    expect(isNarrowerThan(anImage({ width: 399 }), 400)).toBe(true);
    expect(isNarrowerThan(anImage({ width: 400 }), 400)).toBe(false);
    expect(isNarrowerThan(aBareImage(URL), 400)).toBe(false);
    expect(isNarrowerThan(anImage({ width: 10 }), 0)).toBe(false);
  });
});
