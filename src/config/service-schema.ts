import { validate as isCronExpression } from 'node-cron';
import { z } from 'zod';

// The service's sections of syndicate.config.json: schedule, WebSub hubs, the HTTP server.

const millis = (min: number, max: number, fallback: number) =>
  z.number().int().min(min).max(max).default(fallback);

export const scheduleSchema = z
  .strictObject({
    cron: z
      .string()
      .refine(
        (s) => isCronExpression(s),
        'must be a cron expression such as "* * * * *" (an optional leading seconds field)',
      )
      .default('* * * * *')
      .describe('When `syndicate start` builds; embargoes also trigger a build at their instant'),
    timezone: z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone such as Europe/Lisbon')
      .default('UTC')
      .describe('Time zone of the cron expression; embargoes compare instants and ignore it'),
    lockStaleMs: millis(1_000, 86_400_000, 120_000).describe(
      'A build lock not refreshed for this long is taken over (a dead holder on this host at once)',
    ),
    stopTimeoutMs: millis(0, 600_000, 10_000).describe('On SIGTERM, wait this long for a running build'),
    watch: z
      .boolean()
      .default(false)
      .describe('`syndicate start` also builds when a file under paths.content changes (as --watch does)'),
  })
  .prefault({});

export const websubSchema = z
  .strictObject({
    hubs: z
      .array(z.string().regex(/^https?:\/\/\S+$/, 'must be an absolute http(s) URL'))
      .default([])
      .describe('WebSub hubs the feeds advertise and ping after a publish that changed them'),
    timeoutMs: millis(100, 60_000, 5_000),
    retries: z.number().int().min(0).max(5).default(2),
    retryDelayMs: millis(0, 60_000, 1_000),
    batch: z.boolean().default(false).describe('One request per hub naming every changed feed'),
  })
  .prefault({});

export const serveSchema = z
  .strictObject({
    port: z
      .number()
      .int()
      .min(0)
      .max(65_535)
      .default(8080)
      .describe('The PORT environment variable overrides it'),
    host: z.string().min(1).optional().describe('Address to listen on; all interfaces when absent'),
  })
  .prefault({});
