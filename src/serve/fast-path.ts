import type http from 'node:http';
import type { Socket } from 'node:net';
import { notModified } from './conditional.js';
import type { Representation, Variant } from './representation.js';
import { parseRequestHead, type RequestHead } from './request-head.js';
import { Tails, writeAnswer } from './wire-answer.js';

// The answer to a plain GET or HEAD of a published file, written straight to the socket.
//
// Why: node:http spends about 8 µs of CPU per request on its own objects (IncomingMessage,
// ServerResponse, header validation, stream bookkeeping), four times what a feed answer needs,
// which kept a gzip 200 at about 0.7x nginx's rate on a 2-core machine. Here a request's head
// is read from the bytes received and the answer is a ready Buffer (see wire-answer.ts).
//
// Only what is certain is answered here: a complete, well-formed HTTP/1.1 GET or HEAD with no
// body, for a file that exists. Anything else (other methods, bodies, malformed or partial
// heads, HTTP/1.0, 404s, /healthz, errors) hands the connection, from that request on, to the
// http.Server it is attached to, exactly as node:http would have received it: its bytes are put
// back on the socket and node:http's own connection listener takes over, for good.

export interface Found {
  readonly rep: Representation;
  readonly v: Variant;
}

/** A published file's answer for a request target, or undefined to leave the request to node:http. */
export type Find = (target: string, acceptEncoding: string) => Found | Promise<Found | undefined> | undefined;

export interface FastPath {
  /** Closes connections waiting for a request (as server.closeIdleConnections does for node:http's). */
  closeIdle(): void;
  closeAll(): void;
}

export function attachFastPath(server: http.Server, find: Find): FastPath {
  // node:http's listener parses everything itself; it now receives only handed-off connections.
  const nodeListeners = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const owned = new Set<Connection>();
  const tails = new Tails(Math.floor(server.keepAliveTimeout / 1000));
  const ctx: Context = {
    find,
    tails,
    keepAliveMs: server.keepAliveTimeout,
    closing: false,
    forget: (c) => owned.delete(c),
    handOff: (socket) => {
      for (const listener of nodeListeners) listener.call(server, socket);
    },
  };
  server.on('connection', (socket: Socket) => {
    owned.add(new Connection(socket, ctx));
  });
  return {
    closeIdle: () => {
      ctx.closing = true;
      for (const c of owned) c.closeIfIdle();
    },
    closeAll: () => {
      ctx.closing = true;
      for (const c of owned) c.destroy();
    },
  };
}

interface Context {
  readonly find: Find;
  readonly tails: Tails;
  readonly keepAliveMs: number;
  closing: boolean;
  forget(c: Connection): void;
  handOff(socket: Socket): void;
}

class Connection {
  /** Waiting for an answer (a file check, a first compression) or for the client to read: input is held. */
  private busy = false;
  private held: Buffer | undefined;
  private detached = false;

  constructor(
    private readonly socket: Socket,
    private readonly ctx: Context,
  ) {
    socket.setTimeout(ctx.keepAliveMs);
    socket.on('data', this.onData);
    socket.on('timeout', this.onTimeout);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  closeIfIdle(): void {
    if (!this.busy && !this.detached && this.socket.writableLength === 0) this.destroy();
  }

  destroy(): void {
    if (!this.detached) this.socket.destroy();
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.busy) this.held = this.held ? Buffer.concat([this.held, chunk]) : chunk;
    else this.run(chunk);
  };

  private readonly onTimeout = (): void => {
    // Idle for keepAliveTimeout, as node:http closes its own; not while an answer is under way.
    if (!this.busy && this.socket.writableLength === 0) this.socket.destroy();
  };

  private readonly onError = (): void => {
    this.socket.destroy(); // a reset by the client; nothing to answer
  };

  private readonly onClose = (): void => {
    this.ctx.forget(this);
  };

  /** Answers the requests in `buf` in order, until one must wait or is not ours. */
  private run(buf: Buffer): void {
    let offset = 0;
    while (offset < buf.length) {
      const head = parseRequestHead(buf, offset);
      const found = head && this.ctx.find(head.target, head.acceptEncoding);
      if (!head || !found) {
        this.handOff(buf.subarray(offset));
        return;
      }
      if (found instanceof Promise) {
        this.wait(found, head, buf.subarray(offset), head.end - offset);
        return;
      }
      if (!this.answer(head, found)) return;
      offset = head.end;
      if (this.socket.writableNeedDrain && offset < buf.length) {
        // Pipelined requests faster than the client reads: read no more until it catches up.
        this.hold(buf.subarray(offset));
        this.socket.once('drain', () => this.release());
        return;
      }
    }
  }

  /** Writes the answer; false when the connection ends with it. */
  private answer(head: RequestHead, { rep, v }: Found): boolean {
    const close = head.close || this.ctx.closing;
    const status = notModified(head.ifNoneMatch, head.ifModifiedSince, v.etag, rep.modifiedSec) ? 304 : 200;
    writeAnswer(this.socket, this.ctx.tails, v, status, head.head, close);
    if (close) {
      this.detach();
      this.socket.end();
    }
    return !close;
  }

  /** Waits for an answer that needs the disk or a compression; input meanwhile is held, in order. */
  private wait(pending: Promise<Found | undefined>, head: RequestHead, from: Buffer, length: number): void {
    this.hold(Buffer.alloc(0));
    const resume = (found: Found | undefined) => {
      if (this.detached) return;
      const later = this.held;
      this.held = undefined;
      this.busy = false;
      const all = later ? Buffer.concat([from, later]) : from; // this request and all after it
      if (!found) return this.handOff(all);
      if (!this.answer(head, found)) return;
      this.held = all.subarray(length);
      this.release();
    };
    // A failed file check is node:http's to answer again, with its 500 if it fails again.
    pending.then(resume, () => resume(undefined));
  }

  private hold(rest: Buffer): void {
    this.busy = true;
    this.held = rest.length > 0 ? rest : undefined;
    this.socket.pause();
  }

  /** Resumes after a wait: first what was held, then new input. */
  private release(): void {
    this.busy = false;
    const rest = this.held;
    this.held = undefined;
    if (rest && rest.length > 0) this.run(rest);
    if (!this.busy && !this.detached) this.socket.resume();
  }

  private detach(): void {
    this.detached = true;
    this.socket.setTimeout(0);
    this.socket.off('data', this.onData);
    this.socket.off('timeout', this.onTimeout);
    this.socket.off('error', this.onError);
    this.ctx.forget(this);
  }

  /** node:http takes the connection over from this request on, its bytes put back first. */
  private handOff(rest: Buffer): void {
    this.detach();
    this.socket.off('close', this.onClose);
    this.busy = false;
    if (rest.length > 0) this.socket.unshift(rest);
    this.socket.resume(); // node:http reads on its own only from a flowing socket
    this.ctx.handOff(this.socket);
  }
}
