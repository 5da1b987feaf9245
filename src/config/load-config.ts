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
export async function loadConfig(file: string): Promise<LoadedConfig> {
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
  return { config: parseConfig(raw, display), dir: path.dirname(path.resolve(file)), file: display };
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
