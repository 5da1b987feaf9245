import type { FeedView, Site } from '../src/formats/feed-view.js';
import type { Article, Author, Image, Tag } from '../src/records/article.js';

// Deterministic, realistic stories for the benchmark: the same (count, seed) always gives the
// same articles, built directly as the normalised type the writers take. No Math.random.

/** mulberry32: small, fast, good enough to pick words. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

export const SITE: Site = {
  title: 'The Meridian Herald',
  description: 'News from Meridian and the world',
  baseUrl: 'https://meridianherald.example/',
  language: 'en',
  copyright: '© 2026 The Meridian Herald',
  tagAuthority: 'meridianherald.example',
  tagDate: '2026',
  logoUrl: 'https://meridianherald.example/logo.png',
};

/** A template split once into text and `{slot}` parts, so filling it is one pass and one join. */
type Template = readonly string[];
const template = (text: string): Template => text.split(/(\{\w+\})/).filter((part) => part !== '');

const CITIES = [
  'Meridian',
  'Lyon',
  'Zürich',
  'São Paulo',
  'Kraków',
  'Málaga',
  'Dubai',
  'Osaka',
  'Tromsø',
  'Québec',
];
const SECTIONS = ['local', 'world', 'business', 'politics', 'science', 'culture', 'sport'];
const PEOPLE = [
  'Jane Roe',
  'Amélie Durand',
  'Jürgen Weiß',
  'Sofía Núñez',
  'Kenji Watanabe',
  'Layla Haddad',
  'Tomás Ó Briain',
  'Chloé Lefèvre',
];
const AGENCIES = ['Coastline Photo', 'Harbour Press Agency', 'Nordlys Bild', 'Agência Sul'];
const DISTRIBUTORS = ['Northlight Images', 'Globe Picture Desk', 'Pressebild Zentrale'];
const TOPICS: readonly Tag[] = [
  { name: 'Transport' },
  { name: 'Housing' },
  { name: 'Energy & climate' },
  { name: 'Economy', scheme: 'http://cv.iptc.org/newscodes/mediatopic/', code: 'medtop:04000000' },
  { name: 'Politics', scheme: 'http://cv.iptc.org/newscodes/mediatopic/', code: 'medtop:11000000' },
  { name: 'Science', scheme: 'http://cv.iptc.org/newscodes/mediatopic/', code: 'medtop:13000000' },
  { name: 'Health', scheme: 'http://cv.iptc.org/newscodes/mediatopic/', code: 'medtop:07000000' },
  { name: 'Arts & entertainment' },
];
const HEADLINES = [
  'Council backs {city} tunnel after late-night vote',
  'Rents in {city} rise {p}% as supply stalls — again',
  '€{n}m plan for {city} harbour wins “cautious” support',
  'Scientists in {city} map {n} new deep-sea species',
  'Strike halts trams & buses across {city} for {n} hours',
  '{city} museum reopens with {n} works returned from storage',
].map(template);
const SENTENCES = [
  'The council voted {n}–20 for the plan after a debate that ran past midnight &amp; left few satisfied.',
  'Officials in {city} said the €{n}m budget would be “reviewed line by line” before any contract is signed.',
  'Residents who gathered outside the town hall — some since dawn — applauded when the result was read.',
  'The report, published on Tuesday, found that {p}% of households spend more than a third of income on rent.',
  'Critics argue the timetable is “unrealistic” and the costs&nbsp;could double by the end of the decade.',
  'A spokesperson for the ministry declined to comment on what she called “speculation”.',
  'Engineers say the tunnel’s {n}-metre central section is the hardest part to build.',
  'Café owners near the station in {city} reported a drop of nearly {p}% in trade during the works.',
  'The opposition leader, Jürgen Weiß, called the decision “a bet with other people’s money”.',
  'Data from the statistics office show {n} new firms registered in the region last quarter.',
  'Union leaders said talks would resume on Monday if the employers’ offer is “put in writing”.',
  'The exhibition brings together {n} pieces, many of which have not been shown since 1987.',
  'Researchers sampled water at {n} sites between the estuary and the open sea.',
  'Ticket prices will rise from €2.40 to €2.90 in January, the operator confirmed.',
].map(template);
const ARABIC = 'وقال المتحدث باسم البلدية إن المشروع سيكتمل بحلول نهاية العام المقبل.';
const JAPANESE = '市議会は深夜の採決で新しいトンネル計画を承認した。';
const CROSSHEADS = ['What happens next', 'Costs &amp; timetable', 'Reaction', 'Background', 'The numbers'];
// Captions are plain text, not HTML: the same sentences without entities.
const CAPTIONS = SENTENCES.map((parts) =>
  parts.map((part) => part.replaceAll('&amp;', '&').replaceAll('&nbsp;', ' ')),
);
const QUOTES = [
  '“We have waited {y} years for this. It is not perfect, but it is a start.”',
  '“Nobody has shown us the full figures — and until they do, we remain opposed.”',
].map(template);

function fill(parts: Template, rand: Rand, city: string): string {
  const out: string[] = [];
  for (const part of parts) {
    if (part === '{city}') out.push(city);
    else if (part === '{n}') out.push(String(int(rand, 3, 480)));
    else if (part === '{p}') out.push(String(int(rand, 2, 60)));
    else if (part === '{y}') out.push(String(int(rand, 2, 40)));
    else out.push(part);
  }
  // join, not +=: a flat string, so no writer pays to flatten a rope on first use.
  return out.join('');
}

function paragraph(rand: Rand, city: string, link: string): string {
  const parts: string[] = [];
  const count = int(rand, 2, 4);
  for (let i = 0; i < count; i++) parts.push(fill(pick(rand, SENTENCES), rand, city));
  if (rand() < 0.25) parts.push(`Read <a href="${link}">our earlier coverage</a>.`);
  return `<p>${parts.join(' ')}</p>`;
}

/** About 3 KB of UTF-8: paragraphs, crossheads, a blockquote, links, entities, non-ASCII. */
function body(rand: Rand, city: string, section: string, index: number): string {
  const link = `https://meridianherald.example/${section}/story-${Math.max(0, index - int(rand, 1, 50))}`;
  const html: string[] = [];
  let bytes = 0;
  const add = (s: string) => {
    html.push(s);
    bytes += Buffer.byteLength(s);
  };
  add(paragraph(rand, city, link));
  add(`<h2>${pick(rand, CROSSHEADS)}</h2>`);
  add(`<blockquote><p>${fill(pick(rand, QUOTES), rand, city)}</p></blockquote>`);
  if (rand() < 0.3) add(`<p lang="ar" dir="rtl">${ARABIC}</p>`);
  if (rand() < 0.3) add(`<p lang="ja">${JAPANESE}</p>`);
  while (bytes < 2850) {
    if (rand() < 0.15) add(`<h2>${pick(rand, CROSSHEADS)}</h2>`);
    add(paragraph(rand, city, link));
  }
  // Array.join gives a flat string, so no writer pays to flatten a rope on first use.
  return html.join('\n');
}

function image(rand: Rand, id: string, n: number, city: string): Image {
  const photographer = pick(rand, PEOPLE);
  const agency = pick(rand, AGENCIES);
  const distributor = pick(rand, DISTRIBUTORS);
  const caption = `${city}: ${fill(pick(rand, CAPTIONS), rand, city)}`;
  return {
    url: `https://images.meridianherald.example/2026/${id}-${n}.jpg`,
    caption,
    alt: caption.slice(0, 80),
    credit: { line: `${photographer}/${agency}/${distributor}`, photographer, agency, distributor },
    type: 'image/jpeg',
    length: int(rand, 90_000, 900_000),
    width: 1600,
    height: 1067,
    rights: `© 2026 ${distributor}`,
  };
}

function author(rand: Rand): Author {
  const name = pick(rand, PEOPLE);
  const email = `${name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z ]/g, '')
    .replace(/ /g, '.')}@meridianherald.example`;
  return rand() < 0.7 ? { name, email } : { name };
}

const NEWEST = Date.parse('2026-10-02T08:00:00Z');

/** One story; `index` 0 is the newest. */
function story(rand: Rand, index: number, published: number): Article {
  const city = pick(rand, CITIES);
  const section = pick(rand, SECTIONS);
  const id = `story-${index}`;
  const headline = fill(pick(rand, HEADLINES), rand, city);
  const authors = Array.from({ length: int(rand, 1, 2) }, () => author(rand));
  const tags = [...new Set(Array.from({ length: int(rand, 2, 4) }, () => pick(rand, TOPICS)))];
  const images = Array.from({ length: int(rand, 1, 3) }, (_, n) => image(rand, id, n, city));
  const updated = rand() < 0.3 ? published + int(rand, 10, 300) * 60_000 : published;
  const corrected = rand() < 0.05;
  const foreign = rand() < 0.05;
  return {
    id,
    headline,
    subheadline: `The €${int(rand, 1, 9)}.${int(rand, 0, 9)}bn project still needs national approval`,
    summary: `${city}’s council voted ${int(rand, 21, 40)}–20 for the plan; work could start in ${2027 + (index % 3)}.`,
    bodyHtml: body(rand, city, section, index),
    url: `https://meridianherald.example/${section}/${id}`,
    published,
    updated,
    authors,
    ...(rand() < 0.1 ? { source: 'Harbour Press Agency' } : {}),
    section,
    tags,
    language: foreign ? 'fr' : 'en',
    ...(rand() < 0.4 ? { dateline: { city, country: 'Meridia' } } : {}),
    images,
    status: 'published',
    version: corrected ? 2 : 1,
    corrections: corrected ? [{ date: updated, text: 'An earlier version gave the wrong vote count.' }] : [],
    urgency: int(rand, 3, 6),
    ...(rand() < 0.2 ? { rights: '© 2026 Harbour Press Agency' } : {}),
    origin: `content/${section}/${id}.json`,
  };
}

/** `count` stories, newest first, one to twenty minutes apart. */
export function makeStories(count: number, seed = 20261002): Article[] {
  const rand = prng(seed);
  const stories: Article[] = [];
  let published = NEWEST;
  for (let i = 0; i < count; i++) {
    stories.push(story(rand, i, published));
    published -= int(rand, 1, 20) * 60_000;
  }
  return stories;
}

/** The feed a build would hand the writers for these stories. */
export function makeFeed(stories: readonly Article[]): FeedView {
  let updated: number | undefined;
  for (const s of stories) if (updated === undefined || s.updated > updated) updated = s.updated;
  return {
    site: SITE,
    key: 'main',
    title: SITE.title,
    description: SITE.description,
    links: {
      rss: `${SITE.baseUrl}feeds/rss.xml`,
      atom: `${SITE.baseUrl}feeds/atom.xml`,
      json: `${SITE.baseUrl}feeds/feed.json`,
      html: SITE.baseUrl,
    },
    stories,
    ...(updated === undefined ? {} : { updated }),
  };
}
