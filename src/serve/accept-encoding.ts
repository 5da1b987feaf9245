// Content negotiation for Accept-Encoding (RFC 9110 §12.5.3), reduced to what we store.

export type Coding = 'br' | 'gzip' | 'identity';

/** Preference among equal q-values: the smaller body first. */
const ORDER: readonly Coding[] = ['br', 'gzip', 'identity'];

/**
 * The coding to send, best first by q-value. A coding not listed is unacceptable unless `*`
 * covers it; identity is acceptable unless excluded (`identity;q=0`, or `*;q=0` without it),
 * and when listed without a q it ranks below any listed coding so `gzip, identity` still gzips.
 * When nothing is acceptable we send identity rather than 406: a feed reader that says so
 * is misconfigured and an uncompressed feed is the useful answer.
 */
export function chooseCoding(header: string | undefined): Coding {
  if (!header) return 'identity';
  const q: Partial<Record<Coding | '*', number>> = {};
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';');
    const token = name.trim().toLowerCase();
    const key = token === 'x-gzip' ? 'gzip' : token;
    if (key !== 'br' && key !== 'gzip' && key !== 'identity' && key !== '*') continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p);
      if (m) weight = Number(m[1]);
    }
    q[key] = Math.max(q[key] ?? 0, weight);
  }
  const star = q['*'];
  const weightOf = (c: Coding): number => {
    const own = q[c];
    if (c === 'identity') return own ?? (star === 0 ? 0 : 0.0001);
    return own ?? star ?? 0;
  };
  let best: Coding = 'identity';
  let bestWeight = 0;
  for (const c of ORDER) {
    const w = weightOf(c);
    if (w > bestWeight) {
      best = c;
      bestWeight = w;
    }
  }
  return best;
}
