import type { AddressInfo } from 'node:net';
import { SyndicateError } from '../syndicate-error.js';
import { createFeedServer, type FeedServer, type FeedServerOptions } from './feed-server.js';

// Listening and stopping, with errors a CLI can print as they are.

export interface RunningFeedServer extends FeedServer {
  /** `http://host:port/`, with the port actually bound (port 0 picks a free one). */
  readonly url: string;
  /** Stops accepting, lets answers in progress finish (at most `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

export async function startFeedServer(
  opts: FeedServerOptions & { readonly port: number; readonly host?: string },
): Promise<RunningFeedServer> {
  const feed = createFeedServer(opts);
  const { server } = feed;
  await new Promise<void>((resolve, reject) => {
    const refuse = (err: Error) =>
      reject(
        new SyndicateError('IO', `cannot listen on ${opts.host ?? '*'}:${opts.port}: ${err.message}`, err),
      );
    server.once('error', refuse);
    server.listen(opts.port, opts.host, () => {
      server.off('error', refuse); // later errors are the caller's to log
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    ...feed,
    url: `http://${host}:${address.port}/`,
    close: (graceMs = 2000) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => feed.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        feed.closeIdleConnections(); // idle keep-alive sockets would hold close() open
      }),
  };
}
