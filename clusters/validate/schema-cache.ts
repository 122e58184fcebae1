import Ajv, { Options, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * A cache on disk for work that depends only on its input's bytes: CRD files parsed into
 * schemas, and schemas compiled into Ajv validators (as Ajv's standalone code). Entries are
 * named by a SHA-256 of everything that determines them (the input, the code that derives the
 * result, the Ajv version and options), so a changed input or a new Ajv can never reuse a stale
 * entry; an entry that cannot be read or written only costs the work again. Lives in
 * node_modules/.cache/schemas (SCHEMA_CACHE_DIR overrides); deleting it is always safe.
 */
const AJV_VERSION = (JSON.parse(readFileSync(join(require.resolve('ajv'), '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

function cacheFolder(): string {
  return process.env.SCHEMA_CACHE_DIR ?? join(__dirname, '..', '..', 'node_modules', '.cache', 'schemas');
}

export function sha256(...parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}\0`).update(part);
  return hash.digest('hex');
}

function readEntry(name: string): string | undefined {
  try {
    return readFileSync(join(cacheFolder(), name), 'utf8');
  } catch {
    return undefined;
  }
}

function writeEntry(name: string, content: string): void {
  try {
    mkdirSync(cacheFolder(), { recursive: true });
    const temporary = join(cacheFolder(), `${name}.${process.pid}.tmp`);
    writeFileSync(temporary, content);
    renameSync(temporary, join(cacheFolder(), name));
  } catch {
    // A read-only or full disk: the next run derives it again.
  }
}

/**
 * `derive(input)`, as JSON, cached by the input's bytes and `derivation`: the source of every
 * function `derive` runs and the versions of the packages it uses.
 */
export function cachedJson<T>(input: string, derive: (input: string) => T, derivation: string): T {
  const name = `${sha256('json', derivation, input)}.json`;
  const cached = readEntry(name);
  if (cached !== undefined) {
    try {
      return JSON.parse(cached) as T;
    } catch {
      // A torn entry: derive again below.
    }
  }
  const result = derive(input);
  writeEntry(name, JSON.stringify(result));
  return result;
}

/**
 * An Ajv validator of `schema`, behaving as `new Ajv(options).compile(schema)`: loaded from its
 * standalone code when compiled before, compiled (and its code written) otherwise.
 */
export function cachedValidator(options: Options, schema: object): ValidateFunction {
  const name = `${sha256('ajv', AJV_VERSION, JSON.stringify(options), JSON.stringify(schema))}.js`;
  const code = readEntry(name);
  if (code !== undefined) {
    try {
      return loadStandalone(code);
    } catch {
      // A torn entry: compile again below.
    }
  }
  const ajv = new Ajv({ ...options, code: { ...options.code, source: true } });
  const validate = ajv.compile(schema);
  writeEntry(name, standaloneCode(ajv, validate));
  return validate;
}

/** Standalone code is a CommonJS module that requires Ajv's runtime helpers. */
function loadStandalone(code: string): ValidateFunction {
  const module = { exports: {} as { default?: ValidateFunction } };
  const ajvRequire = createRequire(require.resolve('ajv'));
  new Function('module', 'exports', 'require', code)(module, module.exports, ajvRequire);
  const validate = module.exports.default ?? (module.exports as unknown as ValidateFunction);
  if (typeof validate !== 'function') throw new Error('not a validator');
  return validate;
}
