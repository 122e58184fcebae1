import { parseAllDocuments } from 'yaml';
import { exactJson } from '../../render/rendered-file';

/**
 * Rendered YAML parsed back, once per distinct text in a Jest file: the suites of a file read the
 * same shared renders again and again, and parsing YAML is most of what reading them costs. The
 * documents are kept as JSON and every caller gets its own objects, made in the test's realm (so
 * `isDeepStrictEqual` against objects a test builds holds) and free to change.
 */
const parsed = new Map<string, string | null>();

/** Every document of `text` as plain values (a file with no document has none). */
export function yamlDocuments(text: string): unknown[] {
  const json = parsed.get(text);
  if (typeof json === 'string') return JSON.parse(json) as unknown[];
  const documents = parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw document.errors[0];
    return document.toJS() as unknown;
  });
  if (json === undefined) parsed.set(text, exactJson(documents) ?? null);
  return documents;
}

/** The one document of `text`, as `yaml`'s `parse` reads it. */
export function yamlDocument(text: string): unknown {
  const documents = yamlDocuments(text);
  if (documents.length > 1) throw new Error(`expected one YAML document, found ${documents.length}`);
  return documents[0] ?? null;
}
