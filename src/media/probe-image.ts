import got, { type PlainResponse, type Request, type Response, type StreamOptions } from 'got';
import { checkUrl } from './check-url.js';
import { type HostGuard, RefusedError } from './host-guard.js';
import type { ImageFacts, ProbeFailure, ProbeResult, Validators } from './image-facts.js';
import { describeFailure, retryAfterMs, type TimeoutLimits, TRANSIENT_STATUS } from './probe-failure.js';
import { type BodyReading, readImageBody } from './read-image-body.js';
import { contentLength, contentRange, header, validatorsOf } from './response-headers.js';

// One GET for one image URL (retries are probe-with-retry.ts's business). It asks for the first
// bytes with a Range header; a host that ignores Range answers 200 and is read only as far as
// the facts need.

export interface ProbeSettings extends TimeoutLimits {
  readonly guard: HostGuard;
  readonly maxBytes: number;
  /** Bytes asked for with Range; enough for the size of nearly every JPEG. */
  readonly headBytes: number;
  readonly signal?: AbortSignal;
  /** For Retry-After dates. */
  readonly now: () => number;
}

const USER_AGENT = 'Syndicate/0.1 (feed generator; image type and size check)';
const RETRY_AFTER_CAP_MS = 5_000;

export async function probeImage(
  url: string,
  validators: Validators | undefined,
  s: ProbeSettings,
  useRange = true,
): Promise<ProbeResult> {
  const checked = checkUrl(url);
  if (!checked.ok)
    return failed({ kind: 'refused', message: `refused: ${checked.reason}`, transient: false });
  const stream = got.stream(checked.url, requestOptions(validators, s, useRange));
  stream.on('error', () => {
    // Reported through the 'response' wait or the body iterator below; this keeps a late error
    // (after we stopped reading) from becoming an unhandled 'error' event.
  });
  try {
    const response = await responseOf(stream);
    if (response.statusCode === 416 && useRange) {
      stream.destroy();
      return probeImage(url, validators, s, false); // a host that cannot serve ranges, or an empty file
    }
    return await readResponse(stream, response, validators, s);
  } catch (err) {
    return failed(describeFailure(err, s));
  } finally {
    stream.destroy();
  }
}

function requestOptions(
  validators: Validators | undefined,
  s: ProbeSettings,
  useRange: boolean,
): StreamOptions {
  const total = AbortSignal.timeout(s.totalTimeoutMs);
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    // No image/webp or image/avif here: CDNs that negotiate would then measure a format other
    // than the one most feed readers are served.
    accept: '*/*',
    // The length must be the file's, not a compressed transfer's.
    'accept-encoding': 'identity',
  };
  if (useRange) headers.range = `bytes=0-${s.headBytes - 1}`;
  if (validators?.etag !== undefined) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified !== undefined) headers['if-modified-since'] = validators.lastModified;
  return {
    agent: s.guard.agents,
    headers,
    timeout: {
      lookup: s.connectTimeoutMs,
      connect: s.connectTimeoutMs,
      secureConnect: s.connectTimeoutMs,
      response: s.firstByteTimeoutMs,
      request: s.totalTimeoutMs,
    },
    retry: { limit: 0 },
    maxRedirects: s.maxRedirects,
    throwHttpErrors: false,
    decompress: false,
    strictContentLength: true,
    // got's `request` timeout restarts on every redirect hop; this one bounds the whole chain.
    signal: s.signal === undefined ? total : AbortSignal.any([s.signal, total]),
    hooks: {
      // The new hop's address is checked by the guard's agent; its text is checked here,
      // where the raw Location is still visible (`http://2130706433/` before URL parsing).
      beforeRedirect: [
        (_options: unknown, response: PlainResponse) => {
          const location = String(response.headers.location ?? '');
          const verdict = checkUrl(location, new URL(response.url));
          if (!verdict.ok) throw new RefusedError(`refused redirect to ${location}: ${verdict.reason}`);
        },
      ],
    },
  };
}

function responseOf(stream: Request): Promise<Response> {
  return new Promise((resolve, reject) => {
    stream.once('response', resolve);
    stream.once('error', reject);
  });
}

async function readResponse(
  stream: Request,
  response: Response,
  sent: Validators | undefined,
  s: ProbeSettings,
): Promise<ProbeResult> {
  const status = response.statusCode;
  const validators = validatorsOf(response);
  if (status === 304 && sent !== undefined) return { kind: 'not-modified', validators };
  if (status !== 200 && status !== 206) return failed(statusFailure(response, s));
  const range = status === 206 ? contentRange(response.headers['content-range']) : undefined;
  if (status === 206 && range?.start !== 0)
    return failed({
      kind: 'http',
      message: '206 with a Content-Range not starting at byte 0',
      transient: false,
    });
  const announced = status === 200 ? contentLength(response.headers['content-length']) : range?.total;
  // A body small enough to fit the head is read whole, which checks the announced length too.
  const readToEnd = announced === undefined || (status === 200 && announced <= s.headBytes);
  const body = await readImageBody(stream, {
    contentType: response.headers['content-type'],
    headBytes: s.headBytes,
    readToEnd,
    maxBytes: s.maxBytes,
  });
  return measured(body, announced, status, validators, s);
}

function measured(
  body: BodyReading,
  announced: number | undefined,
  status: number,
  validators: Validators,
  s: ProbeSettings,
): ProbeResult {
  if (body.notImage !== undefined)
    return failed({ kind: 'not-an-image', message: body.notImage, transient: false });
  if (body.type === undefined) {
    if (body.error !== undefined) return failed(describeFailure(body.error, s));
    return failed({ kind: 'not-an-image', message: 'empty body', transient: false });
  }
  const cut = body.error === undefined ? undefined : describeFailure(body.error, s);
  // Facts half-read when the budget ran out are this build's loss, not the host's: not kept.
  if (cut?.kind === 'aborted') return failed(cut);
  const notes: string[] = [];
  let length = announced;
  if (cut !== undefined) {
    length = undefined;
    notes.push(`length unknown: ${cut.message}`);
  } else if (body.complete && status === 200) length = body.received;
  else if (body.capped) notes.push(`length unknown: no length given and over ${s.maxBytes} bytes`);
  else if (length === undefined) notes.push('length unknown: the host gave no total length');
  if (body.dimensions === undefined) notes.push(`size unknown: not found in the first ${s.headBytes} bytes`);
  const facts: ImageFacts = {
    type: body.type,
    ...(length === undefined ? {} : { length }),
    ...(body.dimensions ?? {}),
  };
  return { kind: 'measured', facts, notes, validators };
}

function statusFailure(response: Response, s: ProbeSettings): ProbeFailure {
  const status = response.statusCode;
  const after = retryAfterMs(header(response, 'retry-after'), s.now(), RETRY_AFTER_CAP_MS);
  return {
    kind: 'http',
    message: `${status} ${response.statusMessage ?? ''}`.trim(),
    transient: TRANSIENT_STATUS.has(status),
    ...(after === undefined ? {} : { retryAfterMs: after }),
  };
}

const failed = (failure: ProbeFailure): ProbeResult => ({ kind: 'failed', failure });
