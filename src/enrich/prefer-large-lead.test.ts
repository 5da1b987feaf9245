import { describe, expect, it } from 'vitest';
import { anArticle, anImage } from '../../test/builders.js';
import { aBareImage } from '../../test/enrich-fixtures.js';
import { preferLargeLead } from './prefer-large-lead.js';

const img = (name: string, width: number) => anImage({ url: `https://img.example/${name}.jpg`, width });
const names = (images: readonly { url: string }[]) => images.map((i) => i.url.replace(/^.*\/|\.jpg$/g, ''));

describe('preferLargeLead', () => {
  it('moves the first photo wide enough ahead of a narrow lead, keeping the others in order', () => {
    const story = anArticle({
      images: [img('thumb', 300), img('chart', 500), img('wide', 1600), img('wider', 2400)],
    });
    expect(names(preferLargeLead(story, 720).images)).toEqual(['wide', 'thumb', 'chart', 'wider']);
  });

  it('leaves a lead that is wide enough, or of unknown width, where the editor put it', () => {
    const wide = anArticle({ images: [img('lead', 800), img('other', 2000)] });
    expect(preferLargeLead(wide, 720)).toBe(wide);
    const unknown = anArticle({ images: [aBareImage('https://img.example/lead.jpg'), img('other', 2000)] });
    expect(preferLargeLead(unknown, 720)).toBe(unknown);
  });

  it('changes nothing when no photo is wide enough, or the minimum is off', () => {
    const narrow = anArticle({ images: [img('a', 300), img('b', 500)] });
    expect(preferLargeLead(narrow, 720)).toBe(narrow);
    const any = anArticle({ images: [img('a', 300), img('b', 2000)] });
    expect(preferLargeLead(any, 0)).toBe(any);
    const none = anArticle({ images: [] });
    expect(preferLargeLead(none, 720)).toBe(none);
  });
});
