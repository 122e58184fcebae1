import Ajv from 'ajv';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedJson, cachedValidator } from '../validate/schema-cache';

let folder = '';
const saved = process.env.SCHEMA_CACHE_DIR;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'schema-cache-'));
  process.env.SCHEMA_CACHE_DIR = folder;
});
afterEach(() => {
  if (saved === undefined) delete process.env.SCHEMA_CACHE_DIR;
  else process.env.SCHEMA_CACHE_DIR = saved;
  rmSync(folder, { recursive: true, force: true });
});

const OPTIONS = { strict: false, allErrors: true, validateFormats: false };
const SCHEMA = {
  type: 'object',
  required: ['spec'],
  properties: { spec: { type: 'object', additionalProperties: false, properties: { replicas: { type: 'integer', minimum: 1 }, name: { type: 'string', pattern: '^[a-z]+$' } } } },
};
const SAMPLES = [{ spec: { replicas: 2, name: 'ok' } }, { spec: { replicas: 0, name: 'Bad', extra: true } }, {}, { spec: 'text' }];

test('a validator loaded from the cache judges exactly as a fresh compile, errors included', () => {
  const fresh = new Ajv(OPTIONS).compile(SCHEMA);
  const first = cachedValidator(OPTIONS, SCHEMA);
  expect(readdirSync(folder)).toHaveLength(1);
  const loaded = cachedValidator(OPTIONS, SCHEMA);
  expect(loaded).not.toBe(first);
  for (const sample of SAMPLES) {
    const expected = [fresh(sample), fresh.errors];
    expect([first(sample), first.errors]).toEqual(expected);
    expect([loaded(sample), loaded.errors]).toEqual(expected);
  }
});

test('another schema or other options never reuse an entry, and a torn entry is compiled again', () => {
  cachedValidator(OPTIONS, SCHEMA);
  const looser = { ...SCHEMA, required: [] };
  expect(cachedValidator(OPTIONS, looser)({})).toBe(true);
  cachedValidator({ ...OPTIONS, allErrors: false }, SCHEMA);
  const entries = readdirSync(folder);
  expect(entries).toHaveLength(3);
  for (const entry of entries) writeFileSync(join(folder, entry), 'module.exports = ');
  expect(cachedValidator(OPTIONS, SCHEMA)({})).toBe(false);
});

test('a derived result is cached by the bytes of its input and by how it is derived', () => {
  let calls = 0;
  const lengths = (text: string) => {
    calls++;
    return text.split('\n').map((line) => line.length);
  };
  expect(cachedJson('ab\nc', lengths, 'v1')).toEqual([2, 1]);
  expect(cachedJson('ab\nc', lengths, 'v1')).toEqual([2, 1]);
  expect(calls).toBe(1);
  expect(cachedJson('ab\ncd', lengths, 'v1')).toEqual([2, 2]);
  expect(cachedJson('ab\nc', lengths, 'v2')).toEqual([2, 1]);
  expect(calls).toBe(3);
});
