import type { Credit } from './article.js';
import type { RawCredit } from './schema.js';

export type CreditResult = { ok: true; credit: Credit } | { ok: false; message: string };

/**
 * Newsroom convention (records.md): `Photographer/Agency/Distributor`, read left to right.
 * A single part names whoever holds the credit, almost always an organisation
 * ("Meridian Herald", "Reuters"), so it is taken as the agency, not as a person.
 */
export function parseCredit(raw: RawCredit, clean: (s: string) => string): CreditResult {
  if (typeof raw !== 'string') {
    const photographer = part(raw.photographer, clean);
    const agency = part(raw.agency, clean);
    const distributor = part(raw.distributor, clean);
    const parts = [photographer, agency, distributor].filter((p): p is string => p !== undefined);
    if (parts.length === 0)
      return { ok: false, message: 'needs at least one of photographer, agency, distributor' };
    return { ok: true, credit: withParts(parts.join('/'), photographer, agency, distributor) };
  }
  const line = clean(raw).trim();
  if (line === '') return { ok: false, message: 'must not be empty' };
  const parts = line.split('/').map((p) => p.trim());
  if (parts.some((p) => p === ''))
    return { ok: false, message: `"${line}" has an empty part between slashes` };
  if (parts.length > 3) {
    return {
      ok: false,
      message: `"${line}" has ${parts.length} parts; the convention is Photographer/Agency/Distributor`,
    };
  }
  if (parts.length === 1) return { ok: true, credit: withParts(line, undefined, parts[0], undefined) };
  return { ok: true, credit: withParts(line, parts[0], parts[1], parts[2]) };
}

function part(value: string | undefined, clean: (s: string) => string): string | undefined {
  if (value === undefined) return undefined;
  const v = clean(value).trim();
  return v === '' ? undefined : v;
}

function withParts(line: string, photographer?: string, agency?: string, distributor?: string): Credit {
  return {
    line,
    ...(photographer === undefined ? {} : { photographer }),
    ...(agency === undefined ? {} : { agency }),
    ...(distributor === undefined ? {} : { distributor }),
  };
}
