import { describe, expect, it } from 'vitest';
import { anArticle, anImage, aWire as wireSite } from '../../../test/builders.js';
import { aNewsroomFeed, HOSTILE, hostile } from '../../../test/validate-feed.js';
import { checkNewsml } from '../../publish/check-newsml.js';
import type { Article } from '../../records/article.js';
import { renderNewsMessage, type WireSite } from './index.js';

// Every message goes through libxml2 against IPTC's XSD (the shipped copy), in one batch.

const aWire = (o: Partial<WireSite> = {}): WireSite =>
  wireSite({ copyright: '© 2026 The Meridian Herald', ...o });
const at = Date.parse;

/** Stories covering every mapping and lifecycle the writer knows. */
function variedStories(): Article[] {
  const odd = anImage({
    url: 'https://img.example/a[1]%zz.jpg#x#y',
    type: undefined,
    length: undefined,
    width: undefined,
  });
  return [
    ...aNewsroomFeed().stories,
    anArticle(),
    anArticle({
      id: 'no-images',
      images: [],
      subheadline: undefined,
      summary: undefined,
      authors: [],
      byline: undefined,
    }),
    anArticle({
      id: 'three-images',
      images: [
        anImage(),
        odd,
        anImage({
          url: 'https://img.example/b.png',
          credit: { line: 'Ana Lind', photographer: 'Ana Lind' },
          rights: undefined,
        }),
      ],
    }),
    anArticle({ id: 'updated', version: 2, updated: at('2026-10-02T10:00:00Z') }),
    anArticle({ id: 'killed', status: 'killed', version: 4, bodyHtml: '', images: [anImage()] }),
    anArticle({ id: 'embargoed', status: 'embargoed', embargo: at('2026-10-03T06:00:00+02:00') }),
    anArticle({
      id: 'agency',
      source: 'Reuters',
      rights: '© 2026 Reuters',
      authors: [],
      byline: 'By Reuters staff',
    }),
    anArticle({
      id: 'tags',
      tags: [
        { name: 'Economy', scheme: 'https://cv.iptc.org/newscodes/mediatopic', code: '04000000' },
        {
          name: 'Labour',
          scheme: 'http://cv.iptc.org/newscodes/mediatopic/',
          code: 'http://cv.iptc.org/newscodes/mediatopic/20000523',
        },
        { name: 'Politics', scheme: 'http://cv.iptc.org/newscodes/subjectcode/', code: 'subj:11000000' },
        { name: 'Meridian', scheme: 'http://www.wikidata.org/entity/', code: 'Q42 [x]' },
        { name: 'Odd', scheme: 'not a scheme', code: 'x' },
        { name: 'No code', scheme: 'http://cv.iptc.org/newscodes/mediatopic/' },
      ],
    }),
    anArticle({
      id: 'dateline',
      urgency: 1,
      dateline: { city: 'Port Orrin', region: 'Orrin Islands', country: 'VE', lat: 1e-7, lon: -12.5 },
    }),
    anArticle({ id: 'country-only', dateline: { country: 'Vessaria' } }),
    anArticle({
      id: 'messy-body',
      bodyHtml:
        'Loose&nbsp;text &eacute;&mdash;&foo; <b>open <p>para<p>two</div><!-- c --><script>x()</script><![CDATA[y]]>' +
        '<a:b xmlns="urn:evil" q:r="1" href="x">k</a:b><p title="&quot;&amp;">&#1;ok</p><br><img src="https://a/b.jpg">',
    }),
    anArticle({
      id: 'hostile',
      headline: hostile('headline'),
      subheadline: hostile('sub'),
      summary: hostile('summary'),
      byline: hostile('byline'),
      source: hostile('source'),
      rights: hostile('rights'),
      tags: [{ name: hostile('tag') }],
      dateline: { city: hostile('city'), country: hostile('country') },
      authors: [{ name: hostile('author') }],
      corrections: [{ date: 0, text: hostile('correction') }],
      version: 2,
      images: [
        anImage({
          caption: hostile('caption'),
          credit: { line: hostile('credit'), photographer: hostile('ph') },
        }),
      ],
      bodyHtml: `<p>${HOSTILE}</p>`,
    }),
  ];
}

describe('renderNewsMessage against the NewsML-G2 2.35 schema', () => {
  it('writes messages that validate against the NewsML-G2 2.35 schema, whatever the story', async () => {
    const stories = variedStories();
    const docs = stories.map((s) => ({ name: s.id, text: renderNewsMessage(s, aWire()) }));
    expect(await checkNewsml(docs)).toEqual(new Map());
  });
});
