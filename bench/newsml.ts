import { loadavg } from 'node:os';
import type { XmlDocument } from '../src/publish/check-xml.js';
import type { Article } from '../src/records/article.js';
import { makeStories, SITE } from './stories.js';
import { mb, mbPerSec, ms, rate, renderTable, type Target } from './table.js';

// NewsML-G2: render one newsMessage per story, then validate them all against the XSD the way
// publishing does (checkNewsml chunks and parallelises by itself). Target: >= 1 000 stories/s for
// write + check. The writer is loaded dynamically, so a missing or broken writer only turns this
// section into a notice instead of stopping the benchmark. Run alone: `npx tsx bench/newsml.ts`.
// The check's time is CPU-bound on two cores: read it with the load average printed beside it.

const MESSAGES = 10_000;
const TARGET_PER_SEC = 1_000;

interface NewsmlApi {
  readonly render: (story: Article) => string;
  readonly check: (docs: readonly XmlDocument[]) => Promise<Map<string, string[]>>;
  /** Checking handed documents as they are rendered, where the checker offers it. */
  readonly start?: () => {
    add(doc: XmlDocument): void;
    finish(): Promise<Map<string, string[]>>;
  };
}

async function load(): Promise<NewsmlApi | string> {
  try {
    const writer = await import('../src/formats/newsml/index.js');
    const checker = await import('../src/publish/check-newsml.js');
    const wire = {
      domain: SITE.tagAuthority,
      providerName: SITE.title,
      siteUrl: SITE.baseUrl,
      language: SITE.language,
      ...(SITE.copyright === undefined ? {} : { copyright: SITE.copyright }),
      earlyEmbargoDelivery: false,
    };
    const start = (checker as { startNewsmlCheck?: NewsmlApi['start'] }).startNewsmlCheck;
    return {
      render: (story) => writer.renderNewsMessage(story, wire),
      check: checker.checkNewsml,
      ...(start === undefined ? {} : { start }),
    };
  } catch (err) {
    return `NewsML-G2 writer not present (${(err as Error).message.split('\n')[0]})`;
  }
}

export async function newsmlSection(): Promise<{ text: string; targets: Target[] }> {
  const label = `NewsML-G2: write + XSD check >= ${TARGET_PER_SEC} stories/s (${MESSAGES.toLocaleString('en-US')} messages)`;
  const api = await load();
  if (typeof api === 'string')
    return { text: api, targets: [{ label, pass: undefined, detail: 'writer not present' }] };

  const stories = makeStories(MESSAGES);
  for (const story of stories.slice(0, 100)) api.render(story); // warm-up
  const loadBefore = loadavg()[0] ?? 0;
  const { renderMs, checkMs, bytes, problems } = await renderThenCheck(api, stories);
  const totalMs = renderMs + checkMs;
  const perSecond = MESSAGES / (totalMs / 1000);

  // The same stories again, handed to the checker as they are rendered: validating overlaps
  // rendering. Informational: publishing checks the whole batch at once, as timed above.
  let overlapped: { ms: number; problems: number } | undefined;
  if (api.start !== undefined) {
    const session = api.start();
    const t2 = performance.now();
    for (let i = 0; i < stories.length; i++) {
      const story = stories[i] as Article;
      session.add({ name: `${story.id}.xml`, text: api.render(story) });
      // Let a worker that finished its run take the next one.
      if (i % 250 === 249) await new Promise((resolve) => setImmediate(resolve));
    }
    const found = await session.finish();
    overlapped = { ms: performance.now() - t2, problems: found.size };
  }
  const loadAfter = loadavg()[0] ?? 0;
  const rows = [
    [
      'render',
      ms(renderMs),
      `${mbPerSec(bytes, renderMs).toFixed(1)} MB/s`,
      rate(MESSAGES / (renderMs / 1000)),
      `${((renderMs * 1000) / MESSAGES).toFixed(0)} µs`,
    ],
    [
      'XSD check',
      ms(checkMs),
      `${mbPerSec(bytes, checkMs).toFixed(1)} MB/s`,
      rate(MESSAGES / (checkMs / 1000)),
      `${((checkMs * 1000) / MESSAGES).toFixed(0)} µs`,
    ],
    [
      'write + check',
      ms(totalMs),
      `${mbPerSec(bytes, totalMs).toFixed(1)} MB/s`,
      rate(perSecond),
      `${((totalMs * 1000) / MESSAGES).toFixed(0)} µs`,
    ],
  ];
  if (overlapped !== undefined) {
    rows.push([
      'overlapped',
      ms(overlapped.ms),
      `${mbPerSec(bytes, overlapped.ms).toFixed(1)} MB/s`,
      rate(MESSAGES / (overlapped.ms / 1000)),
      `${((overlapped.ms * 1000) / MESSAGES).toFixed(0)} µs`,
    ]);
  }
  let text = `${MESSAGES.toLocaleString('en-US')} messages, ${mb(bytes)} (${(bytes / MESSAGES / 1000).toFixed(1)} KB each); check by checkNewsml in one call (it chunks and runs in parallel itself)`;
  if (overlapped !== undefined)
    text +=
      '; overlapped: rendered again, each message handed to startNewsmlCheck as it is written (not the target)';
  text += `\nLoad average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end (2 means both cores busy).\n`;
  text += renderTable(['step', 'time', 'MB/s', 'stories/s', 'per story'], rows);
  const [first] = problems;
  if (first !== undefined) {
    text += `\n${problems.size} of ${MESSAGES} messages FAIL the XSD check; first: ${first[0]}: ${first[1][0]}`;
  } else {
    text += `\nAll ${MESSAGES} messages validate.`;
  }
  if (overlapped !== undefined && overlapped.problems !== problems.size)
    text += `\nOverlapped check found ${overlapped.problems} invalid messages, checkNewsml ${problems.size}.`;
  const valid = problems.size === 0;
  return {
    text,
    targets: [
      {
        label,
        pass: perSecond >= TARGET_PER_SEC && valid,
        detail: `${rate(perSecond)} stories/s${valid ? '' : `, but ${problems.size} messages invalid`}`,
      },
    ],
  };
}

/** What publishing does: every message rendered and kept, then all checked in one call. */
async function renderThenCheck(
  api: NewsmlApi,
  stories: readonly Article[],
): Promise<{ renderMs: number; checkMs: number; bytes: number; problems: Map<string, string[]> }> {
  const docs: XmlDocument[] = [];
  let bytes = 0;
  const t0 = performance.now();
  for (const story of stories) {
    const text = api.render(story);
    bytes += Buffer.byteLength(text);
    docs.push({ name: `${story.id}.xml`, text });
  }
  const renderMs = performance.now() - t0;
  const t1 = performance.now();
  const problems = await api.check(docs);
  return { renderMs, checkMs: performance.now() - t1, bytes, problems };
}

// `npx tsx bench/newsml.ts`: this section alone (build.bench.ts imports it and runs it last).
if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const { text, targets } = await newsmlSection();
  console.log(text);
  for (const t of targets)
    console.log(`${t.pass ? 'PASS' : t.pass === false ? 'FAIL' : 'SKIP'} ${t.label}: ${t.detail}`);
}
