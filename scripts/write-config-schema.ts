// Regenerates syndicate.config.schema.json from the zod schema the program checks with.
import { writeFile } from 'node:fs/promises';
import { configJsonSchema } from '../src/config/config-schema.js';

await writeFile(
  new URL('../syndicate.config.schema.json', import.meta.url),
  `${JSON.stringify(configJsonSchema(), null, 2)}\n`,
);
