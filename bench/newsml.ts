import type { XmlDocument } from '../src/publish/check-xml.js';
import type { Article } from '../src/records/article.js';
import { makeStories, SITE } from './stories.js';
import { mb, mbPerSec, ms, rate, renderTable, type Target } from './table.js';

// NewsML-G2: render one newsMessage per story, then validate them all against the XSD the way
// publishing does (checkNewsml chunks and parallelises by itself). Target: >= 1 000 stories/s for
// write + check. The writer is loaded dynamically, so a missing or broken writer only turns this
// section into a notice instead of stopping the benchmark.

const MESSAGES = 10_000;
const TARGET_PER_SEC = 1_000;

interface NewsmlApi {
  readonly render: (story: Article) => string;
  readonly check: (docs: readonly XmlDocument[]) => Promise<Map<string, string[]>>;
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
    return { render: (story) => writer.renderNewsMessage(story, wire), check: checker.checkNewsml };
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
  const docs: XmlDocument[] = [];
  let bytes = 0;
  const t0 = performance.now();
  for (const story of stories) {
    const text = api.render(story);
    bytes += Buffer.from(text).length;
    docs.push({ name: `${story.id}.xml`, text });
  }
  const renderMs = performance.now() - t0;

  const t1 = performance.now();
  const problems = await api.check(docs);
  const checkMs = performance.now() - t1;

  const totalMs = renderMs + checkMs;
  const perSecond = MESSAGES / (totalMs / 1000);
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
  let text = `${MESSAGES.toLocaleString('en-US')} messages, ${mb(bytes)} (${(bytes / MESSAGES / 1000).toFixed(1)} KB each); check by checkNewsml in one call (it chunks and runs in parallel itself)\n`;
  text += renderTable(['step', 'time', 'MB/s', 'stories/s', 'per story'], rows);
  const [first] = problems;
  if (first !== undefined) {
    text += `\n${problems.size} of ${MESSAGES} messages FAIL the XSD check; first: ${first[0]}: ${first[1][0]}`;
  } else {
    text += `\nAll ${MESSAGES} messages validate.`;
  }
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
