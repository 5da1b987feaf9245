import { defineSuite } from './define-suite.js';

await defineSuite(['images']);
