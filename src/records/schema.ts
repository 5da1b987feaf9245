import { z } from 'zod';

// The shape of a raw record (records.md). Meaning (instants, credits, URLs, HTML) is
// checked in normalise-record.ts, which turns this into an Article.

const text = z.string();
const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,127}$/;

export const rawCreditSchema = z.union(
  [
    text,
    z.strictObject({
      photographer: text.optional(),
      agency: text.optional(),
      distributor: text.optional(),
    }),
  ],
  {
    error:
      'must be a "Photographer/Agency/Distributor" string or an object with photographer, agency, distributor',
  },
);

export const rawImageSchema = z.strictObject({
  url: text,
  caption: text,
  credit: rawCreditSchema,
  alt: text.optional(),
  type: z
    .string()
    .regex(/^image\/[a-z0-9.+-]+$/, 'must be an image MIME type such as image/jpeg')
    .optional(),
  length: int(1).optional(),
  width: int(1, 100_000).optional(),
  height: int(1, 100_000).optional(),
  rights: text.optional(),
});

const rawTagSchema = z.union(
  [text, z.strictObject({ name: text, scheme: text.optional(), code: text.optional() })],
  {
    error: 'must be a string or an object with name, scheme, code',
  },
);

export const rawRecordSchema = z.looseObject({
  id: z
    .string()
    .regex(ID_PATTERN, 'must match [a-z0-9][a-z0-9-]{0,127} (lower-case letters, digits, hyphens)'),
  headline: text,
  subheadline: text.optional(),
  summary: text.optional(),
  body: text.optional(),
  url: text,
  published: text,
  updated: text.optional(),
  authors: z.array(z.strictObject({ name: text, email: text.optional(), url: text.optional() })).optional(),
  byline: text.optional(),
  source: text.optional(),
  section: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a slug such as world or local-news'),
  tags: z.array(rawTagSchema).optional(),
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag such as en or pt-BR')
    .optional(),
  dateline: z
    .strictObject({
      city: text.optional(),
      region: text.optional(),
      country: text.optional(),
      lat: z.number().min(-90).max(90).optional(),
      lon: z.number().min(-180).max(180).optional(),
    })
    .optional(),
  images: z.array(rawImageSchema).optional(),
  status: z.enum(['published', 'draft', 'embargoed', 'killed']).optional(),
  embargo: text.optional(),
  version: int(1).optional(),
  corrections: z.array(z.strictObject({ date: text, text })).optional(),
  urgency: int(1, 9).optional(),
  rights: text.optional(),
});

export type RawRecord = z.infer<typeof rawRecordSchema>;
export type RawImage = z.infer<typeof rawImageSchema>;
export type RawCredit = z.infer<typeof rawCreditSchema>;

export const KNOWN_FIELDS = new Set(Object.keys(rawRecordSchema.shape));
