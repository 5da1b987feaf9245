// enrich: adds what records lack and the world knows; for now image type, length and size (via media/).
// Imports records/ and media/ only: never select, formats, publish, config or build.

export { type EnrichResult, type EnrichStats, enrichImages } from './enrich-images.js';
export { type EnrichOptions, type EnrichSettings, enrichOptionsOf } from './enrich-options.js';
export type { ImageProblem, ImageProblemKind } from './image-problems.js';
export { type ImageStatus, imageStatusOf, summariseEnrichment } from './image-status.js';
export { type Disagreement, mergeFacts } from './merge-facts.js';
export { preferLargeLead } from './prefer-large-lead.js';
