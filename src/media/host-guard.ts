import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import { canonicalAddress, classifyAddress } from './classify-address.js';

// The SSRF guard sits in the agents, where every socket is made: each hop of a redirect
// chain opens its socket here, and a name is checked on the addresses its lookup returned,
// which are the very addresses Node then connects to. Checking a name and connecting later
// with a second lookup is what DNS rebinding exploits; here there is no second lookup.

/** Resolves a host name; tests give a fake one so that no name ever reaches real DNS. */
export type ResolveHost = (hostname: string, family: 0 | 4 | 6) => Promise<readonly LookupAddress[]>;

export interface HostGuardOptions {
  /** Names as written in URLs, or IP addresses, exempt from the address check. */
  readonly allowHosts: readonly string[];
  readonly resolve?: ResolveHost;
}

/** A request the guard would not let out; never retried, never cached (the config may change). */
export class RefusedError extends Error {
  readonly code = 'ERR_SYNDICATE_REFUSED';
  override name = 'RefusedError';
}

export interface HostGuard {
  readonly agents: { readonly http: http.Agent; readonly https: https.Agent };
  /** Why a host written in a URL would be refused before any lookup, or undefined. */
  refusalOf(hostname: string): string | undefined;
  destroy(): void;
}

const systemResolve: ResolveHost = (hostname, family) => dns.lookup(hostname, { all: true, family });

export function createHostGuard(opts: HostGuardOptions): HostGuard {
  const names = new Set<string>();
  const addresses = new Set<string>();
  for (const entry of opts.allowHosts) {
    const ip = canonicalAddress(entry);
    if (ip === undefined) names.add(normaliseName(entry));
    else addresses.add(ip);
  }
  const resolve = opts.resolve ?? systemResolve;

  const refusalOf = (hostname: string): string | undefined => {
    const ip = isIP(stripBrackets(hostname)) ? canonicalAddress(hostname) : undefined;
    if (ip !== undefined && addresses.has(ip)) return undefined;
    if (ip === undefined && isIP(stripBrackets(hostname)))
      return `${hostname}: IPv4 address in a non-standard form`;
    if (ip === undefined) return undefined; // a name: judged on what it resolves to
    const verdict = classifyAddress(ip);
    return verdict.ok ? undefined : `${hostname} is a ${verdict.reason}`;
  };

  const lookup: LookupFunction = (hostname, options: LookupOptions, callback) => {
    const family = options.family === 4 || options.family === 6 ? options.family : 0;
    const trusted = names.has(normaliseName(hostname));
    resolve(hostname, family).then(
      (found) => {
        const kept = trusted ? [...found] : found.filter((a) => refusalOf(a.address) === undefined);
        if (kept.length === 0) {
          const why = found.map((a) => refusalOf(a.address) ?? a.address).join('; ');
          const message = `refused: ${hostname} resolves only to refused addresses (${why || 'none'})`;
          callback(new RefusedError(message), '', 0);
          return;
        }
        if (options.all) callback(null, kept);
        else callback(null, kept[0]!.address, kept[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };

  const guardConnection = (options: http.ClientRequestArgs): Error | undefined => {
    if (options.socketPath !== undefined)
      return new RefusedError('refused: UNIX sockets are not image hosts');
    const host = options.host ?? options.hostname ?? '';
    const why = refusalOf(host);
    return why === undefined ? undefined : new RefusedError(`refused: ${why}`);
  };

  const agentOptions = { keepAlive: true, maxSockets: 64 };
  const agents = {
    http: new GuardedHttpAgent(agentOptions, guardConnection, lookup),
    https: new GuardedHttpsAgent(agentOptions, guardConnection, lookup),
  };
  return {
    agents,
    refusalOf,
    destroy: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

type Check = (options: http.ClientRequestArgs) => Error | undefined;
type Done = (err: Error | null, stream: Duplex) => void;

class GuardedHttpAgent extends http.Agent {
  constructor(
    options: http.AgentOptions,
    private readonly check: Check,
    private readonly lookup: LookupFunction,
  ) {
    super(options);
  }

  override createConnection(options: http.ClientRequestArgs, callback?: Done): Duplex | null | undefined {
    const refused = this.check(options);
    // Node's Agent takes a callback error as the request's error, and no socket is made.
    if (refused !== undefined) return void callback?.(refused, undefined as never);
    return super.createConnection({ ...options, lookup: this.lookup }, callback);
  }
}

class GuardedHttpsAgent extends https.Agent {
  constructor(
    options: https.AgentOptions,
    private readonly check: Check,
    private readonly lookup: LookupFunction,
  ) {
    super(options);
  }

  override createConnection(options: https.RequestOptions, callback?: Done): Duplex | null | undefined {
    const refused = this.check(options);
    if (refused !== undefined) return void callback?.(refused, undefined as never);
    return super.createConnection({ ...options, lookup: this.lookup }, callback);
  }
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}
