import { constants } from 'node:os';
import type { Logger } from './logger.js';

// SIGTERM (systemd, Docker, Kubernetes) and SIGINT (Ctrl-C): finish or abandon the build,
// release the lock, close the server, then exit. A second signal exits at once.

export interface ShutdownOptions {
  readonly logger: Logger;
  readonly signals?: readonly NodeJS.Signals[];
  /** Injected for tests; process.exit by default. */
  readonly exit?: (code: number) => void;
}

/** Returns a function that removes the handlers again. */
export function onShutdownSignals(stop: () => Promise<void>, opts: ShutdownOptions): () => void {
  const signals = opts.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      opts.logger.warn({ event: 'shutdown', signal }, 'second signal: exiting now');
      exit(128 + (constants.signals[signal] ?? 0)); // the shell's convention for death by signal
      return;
    }
    stopping = true;
    opts.logger.info({ event: 'shutdown', signal }, 'shutting down');
    stop().then(
      () => exit(0),
      (err: unknown) => {
        opts.logger.error({ event: 'shutdown', err }, 'shutdown failed');
        exit(1);
      },
    );
  };
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}
