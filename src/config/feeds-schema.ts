import { z } from 'zod';

// The `feeds` section of syndicate.config.json: which feeds the select stage builds.

const maxItems = z
  .number()
  .int()
  .min(1)
  .max(10_000)
  .default(50)
  .describe('Stories in the current document; older ones go to archive pages');

const content = (fallback: 'full' | 'summary') =>
  z
    .enum(['full', 'summary'])
    .default(fallback)
    .describe('full: every item carries the story; summary: the summary, corrections and deck, and a link');

const feedSet = (what: string, fallback: 'full' | 'summary') =>
  z.strictObject({
    enabled: z.boolean().default(true).describe(`Publish one feed per ${what}`),
    maxItems,
    content: content(fallback),
  });

const names = z.array(z.string().min(1)).min(1);
const filterSchema = z.strictObject({
  sections: names.optional(),
  tags: names.optional(),
  sources: names.optional().describe('Agencies, as records name them in `source`'),
});

const customFeedSchema = z.strictObject({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by hyphens')
    .max(64)
    .describe('Folder under custom/; never change it once the feed is public'),
  title: z.string().min(1),
  description: z.string().min(1).optional(),
  maxItems: z.number().int().min(1).max(10_000).optional(),
  content: content('full'),
  include: filterSchema
    .optional()
    .describe('A story must match every kind listed here, any one name within a kind'),
  exclude: filterSchema.optional().describe('A story matching any name listed here is left out'),
  wireCopy: z
    .enum(['include', 'exclude', 'only'])
    .default('include')
    .describe('Agency copy (stories with a `source`): keep it, leave it out, or carry only it'),
});

export const feedsSchema = z
  .strictObject({
    main: z.strictObject({ maxItems, content: content('full') }).prefault({}),
    sections: feedSet('section', 'full')
      .extend({
        titles: z
          .record(z.string(), z.string().min(1))
          .default({})
          .describe('Display names by section slug, e.g. { "world": "World news" }'),
      })
      .prefault({}),
    tags: feedSet('tag', 'summary')
      .extend({
        minStories: z
          .number()
          .int()
          .min(1)
          .default(1)
          .describe('A tag gets a feed once this many stories carry it'),
      })
      .prefault({}),
    authors: feedSet('author', 'summary').prefault({}),
    custom: z.array(customFeedSchema).default([]),
    archive: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Page older stories into RFC 5005 archive documents'),
        pageSize: z.number().int().min(10).max(10_000).default(100).describe('Stories per archive page'),
        content: content('summary'),
      })
      .prefault({}),
    guard: z
      .strictObject({
        maxDropShare: z
          .number()
          .min(0)
          .max(1)
          .default(0.5)
          .describe(
            "A build dropping more than this share of a feed's stories leaves that feed as published; 1 turns it off",
          ),
        minStories: z.number().int().min(1).default(20).describe('Feeds smaller than this are not guarded'),
      })
      .prefault({}),
    tombstoneDays: z
      .number()
      .min(0)
      .max(3650)
      .default(30)
      .describe('How long an Atom feed keeps an RFC 6721 tombstone for a killed story'),
  })
  .superRefine((feeds, ctx) => {
    const seen = new Set<string>();
    feeds.custom.forEach((c, i) => {
      if (seen.has(c.slug)) {
        ctx.addIssue({
          code: 'custom',
          path: ['custom', i, 'slug'],
          message: `slug "${c.slug}" is used twice`,
        });
      }
      seen.add(c.slug);
    });
  })
  .prefault({});
