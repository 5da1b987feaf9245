import { constants } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { onShutdownSignals } from './shutdown.js';

// process.emit calls the handlers as a real signal would, without signalling the test runner.

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

const logger = createLogger({ level: 'silent' });

describe('onShutdownSignals', () => {
  it('stops once on the first signal, then exits 0', async () => {
    const exits: number[] = [];
    let stops = 0;
    let finish = () => {};
    const stopped = new Promise<void>((r) => {
      finish = r;
    });
    disposers.push(
      onShutdownSignals(
        () => {
          stops++;
          return stopped;
        },
        { logger, signals: ['SIGUSR2'], exit: (c) => exits.push(c) },
      ),
    );
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(stops).toBe(1);
    expect(exits).toEqual([]); // still waiting for the build
    finish();
    await stopped;
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([0]);
  });

  it('exits at once with 128 + the signal number on a second signal', () => {
    const exits: number[] = [];
    disposers.push(
      onShutdownSignals(() => new Promise(() => {}), {
        logger,
        signals: ['SIGUSR2'],
        exit: (c) => exits.push(c),
      }),
    );
    process.emit('SIGUSR2', 'SIGUSR2');
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(exits).toEqual([128 + constants.signals.SIGUSR2]);
  });

  it('exits 1 when stopping fails', async () => {
    const exits: number[] = [];
    disposers.push(
      onShutdownSignals(() => Promise.reject(new Error('disk gone')), {
        logger,
        signals: ['SIGUSR2'],
        exit: (c) => exits.push(c),
      }),
    );
    process.emit('SIGUSR2', 'SIGUSR2');
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([1]);
  });
});
