import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from '../build.js';
import { loadConfig } from '../config/load-config.js';
import { parseInstant } from '../records/instant.js';
import { SyndicateError } from '../syndicate-error.js';
import { printSummary } from './summary.js';
import { validateCommand } from './validate-command.js';

export const USAGE = `Usage: syndicate <command> [options]

Commands:
  build      read the records, write every feed once, exit
  start      build now (the scheduled service builds on from here)
  validate [PATH...]
             check published files by their content: RSS and Atom (strict XML), JSON Feed
             (its schema), NewsML-G2 (the IPTC XSD); folders are searched, and with no PATH
             the output folder (--out, else the config's paths.out) is checked

Options:
  --config FILE   configuration (default: ./syndicate.config.json)
  --content DIR   article records (default: the config's paths.content)
  --out DIR       output folder (default: the config's paths.out)
  --now ISO       the build's clock, RFC 3339 with offset (default: the real time)
  --json          print a machine-readable summary on stdout
  -h, --help      this text

Exit status: 0 all published, 1 some records or files rejected (the rest published),
2 usage or configuration error (nothing written). validate: 0 all valid, 1 some file failed.`;

/** Runs one command; returns the exit status instead of exiting, so tests can call it. */
export async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (err) {
    process.stderr.write(`syndicate: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [command, ...extra] = args.positionals;
  if (command !== 'build' && command !== 'start' && command !== 'validate') {
    process.stderr.write(
      `syndicate: ${command ? `unknown command "${command}"` : 'no command given'}\n\n${USAGE}\n`,
    );
    return 2;
  }
  if (extra.length && command !== 'validate') {
    process.stderr.write(`syndicate: unexpected argument "${extra[0]}"\n`);
    return 2;
  }
  try {
    return command === 'validate' ? await validateCommand(extra, args.values) : await runBuild(args.values);
  } catch (err) {
    if (err instanceof SyndicateError) {
      process.stderr.write(`syndicate: ${err.message}\n`);
      return err.code === 'CONFIG' || err.code === 'USAGE' ? 2 : 1;
    }
    throw err;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string' },
      content: { type: 'string' },
      out: { type: 'string' },
      now: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

async function runBuild(values: ReturnType<typeof parse>['values']): Promise<number> {
  let now = Date.now();
  if (values.now !== undefined) {
    const r = parseInstant(values.now);
    if (!r.ok) throw new SyndicateError('USAGE', `--now: ${r.message}`);
    now = r.ms;
  }
  const { config, dir } = await loadConfig(path.resolve(values.config ?? 'syndicate.config.json'));
  const showProgress = process.stderr.isTTY && !process.env.CI && !values.json;
  const result = await build({
    config,
    baseDir: dir,
    ...(values.content === undefined ? {} : { contentDir: path.resolve(values.content) }),
    ...(values.out === undefined ? {} : { outDir: path.resolve(values.out) }),
    now,
    ...(showProgress ? { onProgress: (m: string) => process.stderr.write(`… ${m}\n`) } : {}),
  });
  printSummary(result, values.json === true);
  return result.status.ok ? 0 : 1;
}
