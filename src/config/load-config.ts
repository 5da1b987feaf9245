import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeIssues } from '../records/zod-issues.js';
import { SyndicateError } from '../syndicate-error.js';
import { type Config, configSchema } from './config-schema.js';

export interface LoadedConfig {
  readonly config: Config;
  /** Folder of the config file: relative paths in it resolve against this. */
  readonly dir: string;
  readonly file: string;
}

/** Reads and checks the config; every problem is named by its key, all at once. */
export async function loadConfig(file: string, env: NodeJS.ProcessEnv = {}): Promise<LoadedConfig> {
  const display = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new SyndicateError(
      'CONFIG',
      `${display}: cannot read (${(err as NodeJS.ErrnoException).code})`,
      err,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SyndicateError('CONFIG', `${display}: malformed JSON: ${(err as Error).message}`, err);
  }
  return {
    config: parseConfig(withEnvironment(raw, env), display),
    dir: path.dirname(path.resolve(file)),
    file: display,
  };
}

export function parseConfig(raw: unknown, display: string): Config {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = describeIssues(parsed.error.issues, raw).map(
      (p) => `${display}: ${p.path || '(top)'}: ${p.message}`,
    );
    throw new SyndicateError('CONFIG', lines.join('\n'));
  }
  return parsed.data;
}

/**
 * Deployment settings from the environment win over the file, and are checked with it:
 * SYNDICATE_BASE_URL → site.baseUrl, SYNDICATE_FEEDS_URL → site.feedsUrl. (PORT is read by
 * the commands that listen.)
 */
function withEnvironment(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const site = (raw as { site?: unknown }).site;
  if (site === null || typeof site !== 'object') return raw;
  const overrides = {
    ...(env.SYNDICATE_BASE_URL ? { baseUrl: env.SYNDICATE_BASE_URL } : {}),
    ...(env.SYNDICATE_FEEDS_URL ? { feedsUrl: env.SYNDICATE_FEEDS_URL } : {}),
  };
  return Object.keys(overrides).length ? { ...raw, site: { ...site, ...overrides } } : raw;
}
