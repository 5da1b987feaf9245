import type { Article } from '../src/records/article.js';
import { prng } from './stories.js';

// A large site's taxonomy for the scale benchmark: many sections, tags and authors, spread over
// the generated stories deterministically (same seed, same site).

const FIRST = ['Ada', 'Bram', 'Chiara', 'Dov', 'Elif', 'Femi', 'Greta', 'Hugo', 'Ines', 'Jonas'];
const FIRST2 = ['Kaito', 'Lena', 'Mateo', 'Nadia', 'Oskar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tove'];
const LAST = [
  'Abara',
  'Berg',
  'Castell',
  'Duarte',
  'Eklund',
  'Farah',
  'Gallo',
  'Haddad',
  'Ilves',
  'Jovanović',
];
const LAST2 = [
  'Kowal',
  'Lindqvist',
  'Moreau',
  'Novak',
  'Okafor',
  'Petit',
  'Quiroga',
  'Rahman',
  'Sato',
  'Tran',
];
const ADJ = [
  'Coastal',
  'Urban',
  'Rural',
  'Northern',
  'Southern',
  'Digital',
  'Public',
  'Local',
  'Global',
  'Marine',
];
const ADJ2 = ['Green', 'Night', 'Winter', 'Summer', 'Youth', 'Senior', 'Small', 'Civic', 'Rail', 'Harbour'];
const NOUN = [
  'Transport',
  'Housing',
  'Energy',
  'Schools',
  'Health',
  'Farming',
  'Fisheries',
  'Courts',
  'Tourism',
  'Arts',
];
const NOUN2 = [
  'Budgets',
  'Sport',
  'Markets',
  'Science',
  'Weather',
  'Elections',
  'Policing',
  'Water',
  'Ports',
  'Media',
];

const cross = (a: readonly string[], b: readonly string[]) => a.flatMap((x) => b.map((y) => `${x} ${y}`));

export interface SiteShape {
  readonly sections: number;
  readonly tags: number;
  readonly authors: number;
}

export const LARGE_SITE: SiteShape = { sections: 200, tags: 2000, authors: 500 };

export function taxonomy(shape: SiteShape) {
  const people = cross([...FIRST, ...FIRST2], [...LAST, ...LAST2]); // 400
  const authors = [...people, ...people.map((p) => `${p} Jr`)].slice(0, shape.authors);
  const topics = cross(cross([...ADJ, ...ADJ2], [...NOUN, ...NOUN2]), [
    '',
    'Watch',
    'Diary',
    'Review',
    'Live',
  ]).map((t) => t.trim());
  const tags = topics.slice(0, shape.tags);
  const sections = Array.from({ length: shape.sections }, (_, i) => `desk-${String(i + 1).padStart(3, '0')}`);
  return { sections, tags, authors };
}

/** Gives each story one section, three tags and one or two authors from the shape. */
export function shapeStories(stories: readonly Article[], shape: SiteShape, seed = 7): Article[] {
  const { sections, tags, authors } = taxonomy(shape);
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
  return stories.map((s) => {
    const names = new Set([pick(tags), pick(tags), pick(tags)]);
    const people = new Set([pick(authors), ...(rand() < 0.3 ? [pick(authors)] : [])]);
    return {
      ...s,
      section: pick(sections),
      tags: [...names].map((name) => ({ name })),
      authors: [...people].map((name) => ({ name })),
    };
  });
}
