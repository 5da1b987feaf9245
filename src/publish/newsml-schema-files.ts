import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

// Where the NewsML-G2 schema lives, and its files, read once per process (see check-newsml.ts).

export const NEWSML_XSD = 'NewsML-G2_2.35-spec-All-Power.xsd';
/** The schema imports xml.xsd by the relative name "xml.xsd", so both sit in one folder. */
export const XML_XSD = 'xml.xsd';

const REPO = path.resolve(import.meta.dirname, '../..');

/**
 * Where the XSD lives: SYNDICATE_NEWSML_XSD_DIR, else the copy shipped in the repository
 * (schemas/newsml-g2/, IPTC's CC BY 4.0 licence beside it), else the shared folder next to it.
 */
export function newsmlSchemaDir(): string {
  const fromEnv = process.env.SYNDICATE_NEWSML_XSD_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  const candidates = [path.join(REPO, 'schemas/newsml-g2'), path.join(REPO, '../shared/schemas/newsml-g2')];
  return candidates.find((dir) => existsSync(path.join(dir, NEWSML_XSD))) ?? (candidates[0] as string);
}

/** The schema files as bytes: xmllint-wasm copies bytes as they are, but encodes strings in a JavaScript loop. */
export interface SchemaFiles {
  readonly xsd: Uint8Array;
  readonly xml: Uint8Array;
}

let cached: { dir: string; files: Promise<SchemaFiles> } | undefined;

/** Reads the two schema files once per process (per folder, so a test can point elsewhere). */
export function schemaFiles(): Promise<SchemaFiles> {
  const dir = newsmlSchemaDir();
  if (cached?.dir !== dir) {
    const files = Promise.all([readFile(path.join(dir, NEWSML_XSD)), readFile(path.join(dir, XML_XSD))]).then(
      ([xsd, xml]) => ({ xsd, xml }),
    );
    // A failed read is not cached, so fixing the folder needs no restart.
    files.catch(() => {
      if (cached?.files === files) cached = undefined;
    });
    cached = { dir, files };
  }
  return cached.files;
}
