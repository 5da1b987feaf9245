import { z } from 'zod';
import { feedsSchema } from './feeds-schema.js';
import { scheduleSchema, serveSchema, websubSchema } from './service-schema.js';

// syndicate.config.json. The shipped JSON Schema (syndicate.config.schema.json) is
// generated from this by `npm run config-schema`, and a test keeps the two equal.

const absoluteUrl = z
  .string()
  .regex(/^https?:\/\/[^/\s]+\/(\S*\/)?$/, 'must be an absolute http(s) URL ending with "/"');

const millis = (min: number, max: number, fallback: number) =>
  z.number().int().min(min).max(max).default(fallback);

// Image enrichment (src/media, src/enrich): the one build stage that asks other hosts.
const enrichSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe('Ask image hosts for type, length and size of photos whose records lack them'),
    allowHosts: z
      .array(
        z
          .string()
          .regex(
            /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.:-]+)$/,
            'must be a host name or an IP address such as 127.0.0.1',
          ),
      )
      .default([])
      .describe(
        'Hosts (names as written in URLs, or IP addresses) exempt from the guard against loopback, private and reserved addresses',
      ),
    concurrency: z.number().int().min(1).max(64).default(16).describe('Image requests in flight at once'),
    budgetMs: millis(0, 3_600_000, 30_000).describe(
      'Wall time for the whole stage per build; images left after it go without facts',
    ),
    connectTimeoutMs: millis(100, 60_000, 3_000).describe('DNS lookup and TCP/TLS connect, each'),
    firstByteTimeoutMs: millis(100, 120_000, 5_000).describe('From the request sent to the response headers'),
    totalTimeoutMs: millis(100, 600_000, 10_000).describe('Whole request, redirects and body included'),
    maxBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .default(20 * 1024 * 1024)
      .describe(
        'Bytes read per image at most (a host that sends no length is read to the end to measure it)',
      ),
    maxRedirects: z.number().int().min(0).max(10).default(3),
    retries: z
      .number()
      .int()
      .min(0)
      .max(5)
      .default(2)
      .describe('Extra attempts after a 408, 429, 5xx or reset connection, with exponential backoff'),
    cacheFile: z
      .string()
      .regex(/^(?!\.\.?$)[^/\\]+$/, 'must be a file name inside paths.state, such as image-cache.json')
      .default('image-cache.json')
      .describe('Image facts cache, inside paths.state (never published)'),
    cacheMaxAgeHours: z
      .number()
      .min(0)
      .max(24 * 365)
      .default(24 * 7)
      .describe('Cached facts younger than this are used without asking; older ones are revalidated'),
    failureCacheMinutes: z
      .number()
      .min(0)
      .max(24 * 60 * 7)
      .default(60)
      .describe('A failed lookup is not retried for this long'),
    minWidthPx: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .default(400)
      .describe('Photos narrower than this are reported; 0 turns the check off'),
    preferLargeLead: z
      .boolean()
      .default(false)
      .describe('Feeds lead with the first photo at least minWidthPx wide when the first one is narrower'),
  })
  .prefault({});

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
  feeds: feedsSchema,
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
  enrich: enrichSchema,
  schedule: scheduleSchema,
  websub: websubSchema,
  serve: serveSchema,
});

export type Config = z.output<typeof configSchema>;

export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
}
