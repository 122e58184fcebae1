import { parseYaml } from '../../render/parsed-yaml';

/**
 * Rendered YAML parsed back, once per distinct text in a Jest file (`parseYaml` keeps what it
 * parsed): the suites of a file read the same shared renders again and again. Every caller gets
 * its own objects, made in the test's realm, so `isDeepStrictEqual` against objects a test builds
 * holds.
 */

/** Every document of `text` as plain values (a file with no document has none); throws on a YAML error. */
export function yamlDocuments(text: string): unknown[] {
  const { documents, error } = parseYaml(text);
  if (error) throw error;
  return documents;
}

/** The one document of `text`, as `yaml`'s `parse` reads it. */
export function yamlDocument(text: string): unknown {
  const documents = yamlDocuments(text);
  if (documents.length > 1) throw new Error(`expected one YAML document, found ${documents.length}`);
  return documents[0] ?? null;
}
