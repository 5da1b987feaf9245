import got, { RequestError } from 'got';

// W3C WebSub §6 Publishing leaves the mechanism to hub and publisher; its note names the one
// public hubs share: a form-encoded POST with hub.mode=publish and hub.url=<topic> (which some
// accept repeated). Some newer hubs read hub.topic instead, so a single-topic ping carries both.

export interface PingOptions {
  /** Per attempt, connect to last byte. */
  readonly timeoutMs?: number;
  /** Extra attempts after a 5xx or a network error; never after a 4xx. */
  readonly retries?: number;
  /** First backoff; doubles each attempt. */
  readonly retryDelayMs?: number;
  /** Cap on a backoff, Retry-After included. */
  readonly maxRetryDelayMs?: number;
  /** One request per hub naming every topic (repeated hub.url), for hubs known to accept it. */
  readonly batch?: boolean;
  readonly userAgent?: string;
}

export interface HubPingResult {
  readonly hub: string;
  readonly topics: readonly string[];
  readonly ok: boolean;
  /** The hub's last HTTP status, if it answered. */
  readonly status?: number;
  readonly attempts: number;
  readonly durationMs: number;
  readonly error?: string;
}

const RETRY_STATUS = [500, 502, 503, 504, 521, 522, 524];

/**
 * Tells every hub that the topics changed. Never rejects: failures come back as results to log.
 * Hubs are pinged in parallel, the topics of one hub one after another so a slow hub is not flooded.
 */
export async function pingHubs(
  hubs: readonly string[],
  topicUrls: readonly string[],
  opts: PingOptions = {},
): Promise<HubPingResult[]> {
  const topics = [...new Set(topicUrls)];
  if (topics.length === 0) return [];
  const perHub = await Promise.all([...new Set(hubs)].map((hub) => pingHub(hub, topics, opts)));
  return perHub.flat();
}

async function pingHub(hub: string, topics: readonly string[], opts: PingOptions): Promise<HubPingResult[]> {
  const refuse = (topics: readonly string[], error: string): HubPingResult => ({
    hub,
    topics,
    ok: false,
    attempts: 0,
    durationMs: 0,
    error,
  });
  if (!isHttpUrl(hub)) return [refuse(topics, 'hub URL must be an absolute http(s) URL')];
  const bad = topics.filter((t) => !isHttpUrl(t));
  const good = topics.filter((t) => isHttpUrl(t));
  const results = bad.map((t) => refuse([t], 'topic URL must be an absolute http(s) URL'));
  const groups = opts.batch ? (good.length ? [good] : []) : good.map((t) => [t]);
  for (const group of groups) results.push(await postPing(hub, group, opts));
  return results;
}

async function postPing(hub: string, topics: readonly string[], opts: PingOptions): Promise<HubPingResult> {
  const form = new URLSearchParams({ 'hub.mode': 'publish' });
  for (const t of topics) form.append('hub.url', t);
  // hub.topic only when unambiguous: a hub pairing repeated hub.topic with hub.url could misread a batch.
  if (topics.length === 1 && topics[0] !== undefined) form.append('hub.topic', topics[0]);
  const base = opts.retryDelayMs ?? 1_000;
  const cap = opts.maxRetryDelayMs ?? 30_000;
  let attempts = 1;
  const started = performance.now();
  const done = (r: Omit<HubPingResult, 'hub' | 'topics' | 'attempts' | 'durationMs'>): HubPingResult => ({
    hub,
    topics,
    attempts,
    durationMs: Math.round(performance.now() - started),
    ...r,
  });
  // Our own retry loop rather than got's: on Node 24, got 14's retry of a refused connection
  // fails outside got with ERR_SOCKET_CLOSED_BEFORE_CONNECTION, so retries differed by runtime.
  const retries = opts.retries ?? 2;
  const backoff = (attempt: number, retryAfterS?: number) =>
    Math.min(cap, Math.max(base * 2 ** (attempt - 1), (retryAfterS ?? 0) * 1000));
  for (;;) {
    let failure: Omit<HubPingResult, 'hub' | 'topics' | 'attempts' | 'durationMs'>;
    let retryAfterS: number | undefined;
    try {
      const res = await got.post(hub, {
        body: form.toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': opts.userAgent ?? 'syndicate (WebSub publisher)',
        },
        timeout: { request: opts.timeoutMs ?? 5_000 },
        // A hub that moved should be fixed in the config, not followed with a rewritten method.
        followRedirect: false,
        retry: { limit: 0 },
        throwHttpErrors: false,
      });
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      if (ok) return done({ ok, status: res.statusCode });
      failure = {
        ok: false,
        status: res.statusCode,
        error: `POST ${hub}: ${res.statusCode} ${res.statusMessage ?? ''}`.trimEnd(),
      };
      // Only a server-side failure is worth asking again; a 4xx will not change by itself.
      if (!RETRY_STATUS.includes(res.statusCode)) return done(failure);
      const header = Number(res.headers['retry-after']);
      if (Number.isFinite(header)) retryAfterS = header;
    } catch (err) {
      const code = err instanceof RequestError ? err.code : (err as NodeJS.ErrnoException).code;
      failure = { ok: false, error: `POST ${hub}: ${code ? `${code} ` : ''}${(err as Error).message}` };
    }
    // A publish ping is idempotent (the hub only refetches the topic), so POST may be repeated.
    if (attempts > retries) return done(failure);
    await new Promise((r) => setTimeout(r, backoff(attempts, retryAfterS)));
    attempts++;
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}
