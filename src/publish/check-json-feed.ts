import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import schema from './jsonfeed-1.1.schema.json' with { type: 'json' };

// The publish gate for JSON Feed: a feed is exposed only when this returns no messages.
// Messages name the place the way record diagnostics do: `items[3].attachments[0].mime_type: required`.

// ajv-formats is CommonJS whose `module.exports` is the plugin; under nodenext TypeScript types the
// default import as the module, so take its `default`, which the package sets to the same function.
const addFormats = addFormatsModule.default;

let compiled: ValidateFunction | undefined;

// Compiled on first use, once per process: compiling costs far more than validating.
function validator(): ValidateFunction {
  if (!compiled) {
    // Strict catches mistakes in the schema itself; strictRequired would also reject the spec's
    // "at least one of" rules, written as `anyOf` of `required` naming the parent's properties.
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

export function checkJsonFeed(text: string): string[] {
  return checkParsed(text, (feed) => [...surrogatesIn(text, feed, ''), ...schemaProblems(feed)]);
}

/**
 * One item's JSON text, checked as the only item of a feed that is otherwise minimal: the
 * schema gives each item the same rules wherever it stands, so an item that passes here passes
 * in every feed. Messages name places within the item.
 */
export function checkJsonFeedItem(text: string): string[] {
  return checkParsed(text, (item) => [
    ...surrogatesIn(text, item, 'item'),
    ...schemaProblems({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'item check',
      items: [item],
    }).map((m) => m.replace(/^items\[0\]/, 'item')),
  ]);
}

/** Parses `text`, then checks the value; each message once. */
function checkParsed(text: string, check: (value: unknown) => string[]): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return [`not valid JSON: ${(error as Error).message}`];
  }
  return [...new Set(check(value))];
}

function schemaProblems(feed: unknown): string[] {
  const validate = validator();
  return validate(feed) ? [] : describe(validate.errors ?? []);
}

// RFC 8259 §8.2: a `\ud800` escape parses, but the string is not Unicode, and UTF-8 cannot carry
// it; so a well-formed JSON text can still hold text no reader can decode.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// A parsed value holds a lone surrogate only if its text holds one, or a `\u` escape of one; most
// texts hold neither, and a search of the text is far cheaper than a walk of every string.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

function surrogatesIn(text: string, value: unknown, path: string): string[] {
  // isWellFormed asks what LONE_SURROGATE does of the whole text, several times faster: a
  // build checks every JSON item it renders, over a gigabyte at 100 000 stories.
  return !isWellFormed(text) || SURROGATE_ESCAPE.test(text) ? loneSurrogates(value, path) : [];
}

/** String.prototype.isWellFormed (ES2024, in Node 20), typed here while the lib predates it. */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

function loneSurrogates(value: unknown, path: string): string[] {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? [`${at(path)}: lone surrogate`] : [];
  if (typeof value !== 'object' || value === null) return [];
  const found: string[] = [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) found.push(...loneSurrogates(value[i], `${path}[${i}]`));
    return found;
  }
  for (const [key, v] of Object.entries(value)) {
    const keyPath = join(path, key);
    if (LONE_SURROGATE.test(key)) found.push(`${at(keyPath)}: lone surrogate in key`);
    found.push(...loneSurrogates(v, keyPath));
  }
  return found;
}

function describe(errors: readonly ErrorObject[]): string[] {
  // With allErrors, a failed anyOf of `required`s reports each branch; say it once instead.
  const branches = new Map<string, string[]>();
  for (const e of errors) {
    const m = /^(.*\/anyOf)\/\d+\/required$/.exec(e.schemaPath);
    if (m && e.keyword === 'required') {
      const key = `${e.instancePath} ${m[1]}`;
      branches.set(key, [...(branches.get(key) ?? []), String(e.params.missingProperty)]);
    }
  }
  const messages: string[] = [];
  for (const e of errors) {
    if (e.propertyName !== undefined || /\/anyOf\/\d+\//.test(e.schemaPath)) continue;
    const path = pointerPath(e.instancePath);
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'anyOf' && branches.has(`${e.instancePath} ${e.schemaPath}`)) {
      const names = branches.get(`${e.instancePath} ${e.schemaPath}`) ?? [];
      messages.push(`${at(path)}: needs at least one of ${names.join(', ')}`);
    } else if (e.keyword === 'required') {
      messages.push(`${join(path, String(p.missingProperty))}: required`);
    } else if (e.keyword === 'additionalProperties') {
      messages.push(
        `${join(path, String(p.additionalProperty))}: unknown key (extensions start with "_" and a letter)`,
      );
    } else if (e.keyword === 'propertyNames') {
      messages.push(
        `${join(path, String(p.propertyName))}: extension members contain no "." and do not start with "_"`,
      );
    } else if (e.keyword === 'const') {
      messages.push(`${at(path)}: must be ${JSON.stringify(p.allowedValue)}`);
    } else if (e.keyword === 'format') {
      messages.push(`${at(path)}: must be ${FORMATS[String(p.format)] ?? `a ${p.format}`}`);
    } else {
      messages.push(`${at(path)}: ${e.message ?? e.keyword}`);
    }
  }
  return messages;
}

const FORMATS: Record<string, string> = {
  uri: 'an absolute URI',
  'date-time': 'an RFC 3339 date-time with a time zone',
};

/** `/items/3/attachments/0` → `items[3].attachments[0]` (RFC 6901 escapes undone). */
function pointerPath(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    path = /^\d+$/.test(segment) ? `${path}[${segment}]` : join(path, segment);
  }
  return path;
}

function join(path: string, key: string): string {
  if (!/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/** The root has no name of its own. */
function at(path: string): string {
  return path || '(feed)';
}
