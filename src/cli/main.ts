import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from '../build.js';
import { loadConfig } from '../config/load-config.js';
import { parseInstant } from '../records/instant.js';
import { SyndicateError } from '../syndicate-error.js';
import { startServeOnly, startService } from './start-command.js';
import { printSummary } from './summary.js';
import { validateCommand } from './validate-command.js';

export const USAGE = `Usage: syndicate <command> [options]

Commands:
  build      read the records, write every feed once, exit
  start      build now, then on the schedule and at each embargo instant, and serve
             the output folder over HTTP until stopped (SIGTERM or Ctrl-C)
  serve      serve the output folder over HTTP, without building
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
  --no-enrich     build without asking image hosts for missing facts
  --allow-drop    build: publish feeds that lose more stories at once than feeds.guard allows
  --port N        start/serve: port (default: $PORT, else the config's serve.port, 8080)
  --watch         start: also build within a second of a change under the content folder
                  (default: the config's schedule.watch, false)
  -h, --help      this text

Environment: PORT, SYNDICATE_BASE_URL and SYNDICATE_FEEDS_URL override the config;
LOG_LEVEL sets the service's log level (info).

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
  if (command !== 'build' && command !== 'start' && command !== 'serve' && command !== 'validate') {
    process.stderr.write(
      `syndicate: ${command ? `unknown command "${command}"` : 'no command given'}\n\n${USAGE}\n`,
    );
    return 2;
  }
  if (extra.length && command !== 'validate') {
    process.stderr.write(`syndicate: unexpected argument "${extra[0]}"\n`);
    return 2;
  }
  if (args.values.watch && command !== 'start') {
    process.stderr.write(`syndicate: --watch applies to start only\n`);
    return 2;
  }
  try {
    if (command === 'validate') return await validateCommand(extra, args.values);
    if (command === 'build') return await runBuild(args.values);
    return await runService(command, args.values);
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
      'no-enrich': { type: 'boolean', default: false },
      'allow-drop': { type: 'boolean', default: false },
      port: { type: 'string' },
      watch: { type: 'boolean', default: false },
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
  const { config, dir } = await loadConfig(
    path.resolve(values.config ?? 'syndicate.config.json'),
    process.env,
  );
  const showProgress = process.stderr.isTTY && !process.env.CI && !values.json;
  const result = await build({
    config,
    baseDir: dir,
    ...(values.content === undefined ? {} : { contentDir: path.resolve(values.content) }),
    ...(values.out === undefined ? {} : { outDir: path.resolve(values.out) }),
    now,
    ...(values['no-enrich'] ? { enrich: false } : {}),
    ...(values['allow-drop'] ? { allowDrop: true } : {}),
    ...(showProgress ? { onProgress: (m: string) => process.stderr.write(`… ${m}\n`) } : {}),
  });
  printSummary(result, values.json === true);
  return result.status.ok ? 0 : 1;
}

async function runService(
  command: 'start' | 'serve',
  values: ReturnType<typeof parse>['values'],
): Promise<number> {
  const loaded = await loadConfig(path.resolve(values.config ?? 'syndicate.config.json'), process.env);
  const port = portOf(values.port ?? process.env.PORT, loaded.config.serve.port);
  const config = {
    ...loaded.config,
    paths: {
      ...loaded.config.paths,
      ...(values.content === undefined ? {} : { content: path.resolve(values.content) }),
      ...(values.out === undefined ? {} : { out: path.resolve(values.out) }),
    },
  };
  const opts = {
    config,
    baseDir: loaded.dir,
    port,
    exitOnSignal: true,
    ...(values.watch ? { watch: true } : {}),
  };
  if (command === 'start') await startService(opts);
  else await startServeOnly(opts);
  // Runs until a signal: the shutdown handler stops cleanly and exits the process.
  return new Promise<number>(() => undefined);
}

function portOf(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new SyndicateError('USAGE', `port: "${raw}" is not a port number (0-65535)`);
  }
  return port;
}
