import { randomBytes } from 'node:crypto';
import { checkXmlWellFormed, memoryPagesFor, withLane } from './check-xml.js';
import { STACK_MARGIN } from './newsml-check-lane.js';
import { encodePieces, runTimeoutMs } from './newsml-check-runs.js';
import { giveBackAfter } from './run-rooms.js';

/** A piece of a document that must be well-formed XML content on its own. */
export interface XmlPart {
  readonly name: string;
  /** Namespace declarations (as attributes) the document puts in scope for this piece. */
  readonly scope: string;
  /** The piece as UTF-8. */
  readonly bytes: Uint8Array;
}

/**
 * The wrapper around each part. Its name is new in every process, so no writer can print it:
 * a part can neither close its wrapper early nor open another one.
 */
const WRAP = `p-${randomBytes(8).toString('hex')}`;
/** Bytes of parts checked in one xmllint run. */
const RUN_BYTES = 8_000_000;

/**
 * Strict well-formedness of many parts at once, by libxml2. Each part goes inside a wrapper
 * element of its own name (the process's random name and the part's number), all wrappers in
 * one document, and the run must print no message. A part can neither close its wrapper early
 * nor open another one, since it cannot print their names. A part that swallowed the markup after
 * it (an unclosed CDATA section, comment or processing instruction) swallows its own wrapper's
 * end tag, so whatever ends the swallowing, the next end tag the parser meets belongs to another
 * wrapper and mismatches. So a passing run means each part is well-formed content by itself, under
 * the namespaces its document declares, and the run can stream (no tree: faster, and it needs no
 * memory for one). A failing run is split until the culprits stand alone, each then checked in a
 * document of its own.
 * Returns the problems per part name; a name absent from the map passed.
 */
export async function checkXmlParts(
  parts: readonly XmlPart[],
  // Tests count the runs: a passing batch must take one, not one per part.
  onRun?: (parts: number) => void,
): Promise<Map<string, string[]>> {
  const problems = new Map<string, string[]>();
  let run: XmlPart[] = [];
  let bytes = 0;
  const flush = async () => {
    if (run.length > 0) for (const [name, list] of await checkPartsRun(run, onRun)) problems.set(name, list);
    run = [];
    bytes = 0;
  };
  for (const part of parts) {
    if (bytes > 0 && bytes + part.bytes.length > RUN_BYTES) await flush();
    run.push(part);
    bytes += part.bytes.length;
  }
  await flush();
  return problems;
}

async function checkPartsRun(
  parts: readonly XmlPart[],
  onRun: ((parts: number) => void) | undefined,
): Promise<Map<string, string[]>> {
  onRun?.(parts.length);
  if (parts.length === 1) return checkAlone(parts[0] as XmlPart);
  if (await runPasses(parts)) return new Map();
  const half = Math.ceil(parts.length / 2);
  const first = await checkPartsRun(parts.slice(0, half), onRun);
  return new Map([...first, ...(await checkPartsRun(parts.slice(half), onRun))]);
}

/** One part in a document of its own: there, being well-formed is enough, and messages name lines. */
async function checkAlone(part: XmlPart): Promise<Map<string, string[]>> {
  const text = `<r><${WRAP}${part.scope}>\n${Buffer.from(part.bytes).toString('utf8')}\n</${WRAP}></r>\n`;
  const found = await checkXmlWellFormed([{ name: part.name, text }]);
  const list = found.get(part.name);
  if (list === undefined) return new Map();
  // The part starts on the document's second line; the wrapper's name means nothing to a reader.
  const lines = list.map((m) =>
    m
      .replace(/^line (\d+):/, (_, n: string) => `line ${Math.max(1, Number(n) - 1)}:`)
      .replaceAll(WRAP, '(the item itself)'),
  );
  return new Map([[part.name, lines]]);
}

/** Whether one run passes every part; false also when xmllint cannot be run this way. */
async function runPasses(parts: readonly XmlPart[]): Promise<boolean> {
  const pieces: (string | Uint8Array)[] = ['<r>\n'];
  parts.forEach((p, i) => {
    pieces.push(`<${WRAP}-${i}${p.scope}>`, p.bytes, `</${WRAP}-${i}>\n`);
  });
  pieces.push('</r>\n');
  const { files, bytes, room } = encodePieces(pieces);
  const maxPages = memoryPagesFor(bytes);
  const args = ['--nonet', '--stream', '--noout', ...files.map((f) => f.fileName)];
  try {
    const out = await withLane((lane) => lane.run(files, args, maxPages, runTimeoutMs(bytes)));
    giveBackAfter(room, out);
    return (
      out !== undefined &&
      out.exitCode === 0 &&
      (out.stackUnused === undefined || out.stackUnused >= STACK_MARGIN) &&
      out.stderr.trim() === ''
    );
  } catch {
    return false; // the halves are checked again, down to single parts if need be
  }
}
