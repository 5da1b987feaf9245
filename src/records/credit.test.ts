import { describe, expect, it } from 'vitest';
import { parseCredit } from './credit.js';
import { cleanLine } from './plain-text.js';

const parse = (raw: Parameters<typeof parseCredit>[0]) => parseCredit(raw, cleanLine);

describe('parseCredit', () => {
  it('splits Photographer/Agency/Distributor and keeps the printed line verbatim', () => {
    expect(parse('Jane Roe/AFP/Getty Images')).toEqual({
      ok: true,
      credit: {
        line: 'Jane Roe/AFP/Getty Images',
        photographer: 'Jane Roe',
        agency: 'AFP',
        distributor: 'Getty Images',
      },
    });
  });

  it('reads two parts as photographer and agency', () => {
    expect(parse('Tomas Beck / Meridian Herald')).toEqual({
      ok: true,
      credit: { line: 'Tomas Beck / Meridian Herald', photographer: 'Tomas Beck', agency: 'Meridian Herald' },
    });
  });

  it('reads a single part as the organisation holding the credit', () => {
    expect(parse('Meridian Herald')).toEqual({
      ok: true,
      credit: { line: 'Meridian Herald', agency: 'Meridian Herald' },
    });
  });

  it('builds the printed line from the object form', () => {
    expect(parse({ photographer: 'Ana Lima', distributor: 'Northlight Images' })).toEqual({
      ok: true,
      credit: {
        line: 'Ana Lima/Northlight Images',
        photographer: 'Ana Lima',
        distributor: 'Northlight Images',
      },
    });
  });

  it.each([
    ['', 'must not be empty'],
    ['Jane Roe//Getty Images', '"Jane Roe//Getty Images" has an empty part between slashes'],
    ['A/B/C/D', '"A/B/C/D" has 4 parts; the convention is Photographer/Agency/Distributor'],
  ])('rejects %j', (raw, message) => {
    expect(parse(raw)).toEqual({ ok: false, message });
  });

  it('rejects an object naming nobody', () => {
    expect(parse({ photographer: ' ' })).toEqual({
      ok: false,
      message: 'needs at least one of photographer, agency, distributor',
    });
  });
});
