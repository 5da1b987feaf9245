import type { Socket } from 'node:net';
import type { Variant } from './representation.js';

// The bytes of a fast-path answer, built once per variant and once per second (the Date
// header), so answering is one socket.write of a ready Buffer: no header validation, no
// string building, no allocation per request. The headers are the ones node:http sends for
// the same variant: the variant's own, then Date, then the connection's.

/** Answers whose whole bytes (head and body) are kept ready; a larger body is written beside its head. */
const WHOLE_MAX_BYTES = 64 * 1024;

interface Heads {
  readonly ok: Buffer;
  readonly notModified: Buffer;
  /** 200 and 304 with the keep-alive tail, for the second `sec`. */
  whole200?: Buffer;
  whole304?: Buffer;
  sec: number;
}

const heads = new WeakMap<Variant, Heads>();

function headOf(status: string, fields: readonly string[]): Buffer {
  let text = `HTTP/1.1 ${status}\r\n`;
  for (let i = 0; i < fields.length; i += 2) text += `${fields[i]}: ${fields[i + 1]}\r\n`;
  return Buffer.from(text, 'latin1');
}

function headsOf(v: Variant): Heads {
  let h = heads.get(v);
  if (!h) {
    h = { ok: headOf('200 OK', v.ok), notModified: headOf('304 Not Modified', v.notModified), sec: -1 };
    heads.set(v, h);
  }
  return h;
}

/** The Date header and the end of the head, for keep-alive and for closing answers. */
export class Tails {
  private sec = -1;
  private keep = Buffer.alloc(0);
  private close = Buffer.alloc(0);

  constructor(private readonly keepAliveSec: number) {}

  at(sec: number, close: boolean): Buffer {
    if (sec !== this.sec) {
      this.sec = sec;
      const date = `Date: ${new Date(sec * 1000).toUTCString()}\r\n`;
      this.keep = Buffer.from(
        `${date}Connection: keep-alive\r\nKeep-Alive: timeout=${this.keepAliveSec}\r\n\r\n`,
      );
      this.close = Buffer.from(`${date}Connection: close\r\n\r\n`);
    }
    return close ? this.close : this.keep;
  }
}

/** Writes a 200 (head only for HEAD) or a 304 for `v`; one write, or one corked writev. */
export function writeAnswer(
  socket: Socket,
  tails: Tails,
  v: Variant,
  status: 200 | 304,
  headOnly: boolean,
  close: boolean,
): void {
  const h = headsOf(v);
  const sec = Math.floor(Date.now() / 1000);
  if (!close && (status === 304 || (!headOnly && v.body.length <= WHOLE_MAX_BYTES))) {
    if (h.sec !== sec) {
      h.sec = sec;
      h.whole200 = h.whole304 = undefined;
    }
    const tail = tails.at(sec, false);
    let whole = status === 304 ? h.whole304 : h.whole200;
    if (!whole) {
      whole =
        status === 304
          ? Buffer.concat([h.notModified, tail])
          : Buffer.concat([h.ok, tail, v.body], h.ok.length + tail.length + v.body.length);
      if (status === 304) h.whole304 = whole;
      else h.whole200 = whole;
    }
    socket.write(whole);
    return;
  }
  socket.cork();
  socket.write(status === 304 ? h.notModified : h.ok);
  socket.write(tails.at(sec, close));
  if (status === 200 && !headOnly) socket.write(v.body);
  socket.uncork();
}
