import type { FeedView, Site } from '../src/formats/feed-view.js';
import type { WireSite } from '../src/formats/newsml/index.js';
import type { Article, Image } from '../src/records/article.js';

// Fresh objects per call: tests never share a fixture they could change.

export function aSite(overrides: Partial<Site> = {}): Site {
  return {
    title: 'The Meridian Herald',
    description: 'News from Meridian and the world',
    baseUrl: 'https://meridianherald.example/',
    language: 'en',
    copyright: '© 2026 The Meridian Herald',
    tagAuthority: 'meridianherald.example',
    tagDate: '2026',
    logoUrl: 'https://meridianherald.example/logo.png',
    ...overrides,
  };
}

export function anImage(overrides: Partial<Image> = {}): Image {
  return {
    url: 'https://images.meridianherald.example/2026/harbour.jpg',
    caption: 'Ferries wait at the north pier.',
    alt: 'Ferries wait at the north pier.',
    credit: {
      line: 'Ilse Marren/Coastline Photo/Northlight Images',
      photographer: 'Ilse Marren',
      agency: 'Coastline Photo',
      distributor: 'Northlight Images',
    },
    type: 'image/jpeg',
    length: 184233,
    width: 1600,
    height: 1067,
    rights: '© 2026 Northlight Images',
    ...overrides,
  };
}

export function anArticle(overrides: Partial<Article> = {}): Article {
  const id = overrides.id ?? 'harbour-tunnel-vote';
  return {
    id,
    headline: 'Council backs harbour tunnel after late-night vote',
    subheadline: 'The €1.2bn crossing still needs national approval',
    summary: 'Meridian’s council voted 31–20 for the tunnel.',
    bodyHtml:
      '<p>The council voted &amp; cheered.</p><h2>What next</h2><p>A <a href="https://meridianherald.example/local/x">plan</a>.</p>',
    url: `https://meridianherald.example/local/${id}`,
    published: Date.parse('2026-10-02T08:00:00Z'),
    updated: Date.parse('2026-10-02T08:00:00Z'),
    authors: [{ name: 'Jane Roe', email: 'jane.roe@meridianherald.example' }],
    section: 'local',
    tags: [
      { name: 'Transport' },
      { name: 'Economy', scheme: 'http://cv.iptc.org/newscodes/mediatopic/', code: 'medtop:04000000' },
    ],
    language: 'en',
    images: [anImage()],
    status: 'published',
    version: 1,
    corrections: [],
    origin: `content/local/${id}.json`,
    ...overrides,
  };
}

export function aFeed(stories: readonly Article[], overrides: Partial<FeedView> = {}): FeedView {
  const site = overrides.site ?? aSite();
  const updated = stories.length ? Math.max(...stories.map((s) => s.updated)) : undefined;
  return {
    site,
    key: 'main',
    title: site.title,
    description: site.description,
    links: {
      rss: `${site.baseUrl}feeds/rss.xml`,
      atom: `${site.baseUrl}feeds/atom.xml`,
      json: `${site.baseUrl}feeds/feed.json`,
      html: site.baseUrl,
    },
    stories,
    ...(updated === undefined ? {} : { updated }),
    ...overrides,
  };
}

export function aWire(overrides: Partial<WireSite> = {}): WireSite {
  return {
    domain: 'meridianherald.example',
    providerName: 'The Meridian Herald',
    siteUrl: 'https://meridianherald.example/',
    language: 'en',
    earlyEmbargoDelivery: false,
    ...overrides,
  };
}
