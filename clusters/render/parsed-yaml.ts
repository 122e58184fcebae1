import { parseAllDocuments, YAMLError } from 'yaml';
import { exactJson } from './rendered-file';

/** The documents of a YAML text, as plain values. */
export interface ParsedYaml {
  /** Each document's value as `yaml` gives it (`null` for an empty document), in file order. */
  readonly documents: unknown[];
  /** The first error of any document; the documents are then what `yaml` recovered. */
  readonly error?: YAMLError;
}

/**
 * Parses every document of `text`. The mirror of `toYaml`'s cache: a process that reads the
 * same text again (the diff's two renders, every check of a test file over the same render)
 * parses it once. Each call gets its own values, free to change, built by `JSON.parse` from the
 * first parse's exact JSON; texts with errors, or values JSON cannot give back exactly (`.inf`,
 * `-0`), are parsed every time.
 */
export function parseYaml(text: string): ParsedYaml {
  const json = parsedJson.get(text);
  if (typeof json === 'string') return { documents: JSON.parse(json) as unknown[] };
  const parsed = parseAllDocuments(text);
  const documents = parsed.map((document) => document.toJS() as unknown);
  const error = parsed.flatMap((document) => document.errors)[0];
  if (error) return { documents, error };
  if (json === undefined) {
    if (parsedJson.size >= PARSED_LIMIT) parsedJson.clear();
    parsedJson.set(text, exactJson(documents) ?? null);
  }
  return { documents };
}

/** JSON of the documents by text (null when JSON cannot give them back exactly). Bounded like `toYaml`'s. */
const parsedJson = new Map<string, string | null>();
const PARSED_LIMIT = 5_000;
