import { z } from 'zod';

// syndicate.config.json. The shipped JSON Schema (syndicate.config.schema.json) is
// generated from this by `npm run config-schema`, and a test keeps the two equal.

const absoluteUrl = z
  .string()
  .regex(/^https?:\/\/[^/\s]+\/(\S*\/)?$/, 'must be an absolute http(s) URL ending with "/"');

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  site: z.strictObject({
    title: z.string().min(1).describe('Name of the publication, used as the main feed title'),
    description: z.string().min(1).describe('One line about the publication'),
    baseUrl: absoluteUrl.describe('Home page; relative story URLs resolve against it'),
    feedsUrl: absoluteUrl
      .optional()
      .describe('Where the output folder is served; defaults to baseUrl + "feeds/"'),
    language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag such as en or pt-BR')
      .describe('Default language of stories'),
    copyright: z.string().min(1).optional(),
    logoUrl: z
      .string()
      .regex(/^https?:\/\/\S+$/, 'must be an absolute http(s) URL')
      .optional(),
    tagAuthority: z
      .string()
      .regex(
        /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i,
        'must be a domain name you own, such as example.com',
      )
      .describe('RFC 4151 tag URI authority: item ids are tag:<tagAuthority>,<tagDate>:story/<id>'),
    tagDate: z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be a date such as 2026 or 2026-01-15')
      .describe('A date on which you owned tagAuthority; never change it once feeds are public'),
  }),
  paths: z
    .strictObject({
      content: z.string().min(1).default('content'),
      out: z.string().min(1).default('feeds'),
      state: z
        .string()
        .min(1)
        .default('.syndicate')
        .describe('Private build state; never inside the output folder'),
    })
    .default({ content: 'content', out: 'feeds', state: '.syndicate' }),
  feeds: z
    .strictObject({
      main: z
        .strictObject({
          maxItems: z.number().int().min(1).max(100_000).default(50),
        })
        .default({ maxItems: 50 }),
    })
    .default({ main: { maxItems: 50 } }),
  wire: z
    .strictObject({
      enabled: z.boolean().default(true).describe('Write one NewsML-G2 newsMessage per story under newsml/'),
      domain: z
        .string()
        .regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i, 'must be a domain name such as example.com')
        .optional()
        .describe(
          'Domain in NewsML-G2 guids (urn:newsml:<domain>:<date>:<id>); defaults to site.tagAuthority',
        ),
      providerName: z
        .string()
        .min(1)
        .optional()
        .describe('Provider named in every item; defaults to site.title'),
      earlyEmbargoDelivery: z
        .boolean()
        .default(false)
        .describe('Send embargoed stories to the wire ahead of time, each item carrying <embargoed>'),
    })
    .default({ enabled: true, earlyEmbargoDelivery: false }),
  limits: z
    .strictObject({
      maxFileBytes: z
        .number()
        .int()
        .min(1024)
        .default(16 * 1024 * 1024),
      maxBodyBytes: z
        .number()
        .int()
        .min(1024)
        .default(2 * 1024 * 1024),
    })
    .default({ maxFileBytes: 16 * 1024 * 1024, maxBodyBytes: 2 * 1024 * 1024 }),
});

export type Config = z.output<typeof configSchema>;

export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
}
