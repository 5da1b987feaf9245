import { describe, expect, it } from 'vitest';
import { tagConcept } from './catalog.js';
import { iri } from './iri.js';

describe('tagConcept', () => {
  it('gives IPTC Media Topics a medtop qcode, however the code is written', () => {
    for (const scheme of [
      'http://cv.iptc.org/newscodes/mediatopic/',
      'https://cv.iptc.org/newscodes/mediatopic',
    ]) {
      for (const code of [
        '04000000',
        'medtop:04000000',
        'http://cv.iptc.org/newscodes/mediatopic/04000000',
      ]) {
        expect(tagConcept({ name: 'Economy', scheme, code })).toEqual({ qcode: 'medtop:04000000' });
      }
    }
  });

  it('gives other schemes a URI, and leaves a tag without a usable scheme and code a keyword', () => {
    expect(tagConcept({ name: 'M', scheme: 'http://www.wikidata.org/entity/', code: 'Q42' })).toEqual({
      uri: 'http://www.wikidata.org/entity/Q42',
    });
    expect(tagConcept({ name: 'M', scheme: 'https://cv.example/places', code: 'a b' })).toEqual({
      uri: 'https://cv.example/places/a%20b',
    });
    expect(tagConcept({ name: 'M', scheme: 'https://cv.example/', code: 'urn:isbn:123' })).toEqual({
      uri: 'urn:isbn:123',
    });
    expect(tagConcept({ name: 'M' })).toBeUndefined();
    expect(tagConcept({ name: 'M', scheme: 'https://cv.example/' })).toBeUndefined();
    expect(tagConcept({ name: 'M', scheme: 'not a url', code: 'x' })).toBeUndefined();
    expect(
      tagConcept({ name: 'M', scheme: 'http://cv.iptc.org/newscodes/mediatopic/', code: 'medtop:0400 0000' }),
    ).toBeUndefined();
  });
});

describe('iri', () => {
  it('escapes what xs:anyURI rejects in libxml2 but URL parsing accepts, keeping the meaning', () => {
    expect(iri('https://img.example/a[1].jpg')).toBe('https://img.example/a%5B1%5D.jpg');
    expect(iri('https://img.example/a#b#c')).toBe('https://img.example/a#b%23c');
    expect(iri('https://img.example/100%zz%20')).toBe('https://img.example/100%25zz%20');
    expect(iri('https://[::1]:8080/é')).toBe('https://[::1]:8080/%C3%A9');
  });

  it('leaves ordinary URLs alone', () => {
    const url = "https://meridianherald.example/local/x?a=1&b=%2F;c=(d)!~*'#top";
    expect(iri(url)).toBe(url);
  });
});
