import { posix } from 'node:path';
import { parseYaml } from '../render/parsed-yaml';
import { RenderedFile } from '../render/rendered-file';
import { FieldChange, fieldChanges } from './value-diff';

/**
 * What a change does to the rendered tree, object by object: two renders (files relative to
 * dist/) are parsed, every Kubernetes object is identified by API group, kind, namespace and
 * name within its cluster and folder, and only objects that differ are reported. File names,
 * file order, document order and map key order play no part; kustomization.yaml files are
 * derived from the object files and are not compared.
 */

export type DocumentChangeKind = 'added' | 'removed' | 'changed' | 'moved';

export interface DocumentChange {
  readonly change: DocumentChangeKind;
  /** `Kind namespace/name` for objects, the file path for other documents. */
  readonly id: string;
  /** For `moved`: the folder the object was in. */
  readonly from?: string;
  /** For `changed` and `moved`: the fields that differ. */
  readonly fields: readonly FieldChange[];
  /** For `added` and `removed`: the whole document. */
  readonly content?: unknown;
  /** Kind and API group of an object (absent for other documents), e.g. `rbac.authorization.k8s.io`. */
  readonly kind?: string;
  readonly group?: string;
}

export interface FolderDiff {
  /** First folder under dist/: a cluster, or a fleet-wide folder such as `grafana`. */
  readonly cluster: string;
  /** Folder inside it, e.g. `workloads/team-geordie/ho11y` (Helm `templates/` folded in). */
  readonly folder: string;
  readonly changes: readonly DocumentChange[];
}

export interface RenderDiff {
  readonly folders: readonly FolderDiff[];
  /** Top folders of either render that are clusters (they hold a `bootstrap` folder), sorted. */
  readonly clusters: readonly string[];
  /** Number of documents per kind of change. */
  readonly counts: Readonly<Record<DocumentChangeKind, number>>;
}

interface ParsedDocument {
  readonly cluster: string;
  readonly folder: string;
  /** Identity within the cluster: objects by group/kind/namespace/name, other documents by path. */
  readonly identity: string;
  readonly id: string;
  readonly value: unknown;
  readonly kind?: string;
  readonly group?: string;
}

/** Files the renderer derives from the object files; they change only when objects do. */
const DERIVED = new Set(['kustomization.yaml']);

/**
 * Cluster and folder (one ArgoCD Application) of a file: the deepest ancestor folder holding a
 * kustomization.yaml, since a leaf may keep its files in subfolders (a team's tenancy objects,
 * the bootstrap chart's templates).
 */
function locate(path: string, leaves: ReadonlySet<string>): { cluster: string; folder: string } {
  const [cluster] = path.split('/');
  let folder = posix.dirname(path);
  while (folder.includes('/') && !leaves.has(folder)) folder = posix.dirname(folder);
  if (!leaves.has(folder)) folder = posix.dirname(path).replace(/\/templates$/, '');
  const relative = folder.slice(cluster.length + 1);
  return { cluster, folder: relative === '' ? '.' : relative };
}

function isObject(value: unknown): value is { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } {
  const candidate = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } } | null;
  return candidate !== null && typeof candidate === 'object' && typeof candidate.apiVersion === 'string' && typeof candidate.kind === 'string' && typeof candidate.metadata?.name === 'string';
}

/**
 * Every document of every file, identified. `parsed` holds the documents of contents parsed
 * before (by format and content): a file both renders hold unchanged is parsed once, and its
 * documents are the same values on both sides.
 */
export function parseDocuments(files: readonly RenderedFile[], parsed: Map<string, unknown[]> = new Map()): ParsedDocument[] {
  const leaves = new Set(files.filter((file) => posix.basename(file.path) === 'kustomization.yaml').map((file) => posix.dirname(file.path)));
  return files
    .filter((file) => !DERIVED.has(posix.basename(file.path)))
    .flatMap((file) => {
      const { cluster, folder } = locate(file.path, leaves);
      const key = `${formatOf(file.path)}\u0000${file.content}`;
      let values = parsed.get(key);
      if (!values) {
        values = documentsOf(file);
        parsed.set(key, values);
      }
      return values.map((value, index) => {
        if (isObject(value)) {
          const group = value.apiVersion.includes('/') ? value.apiVersion.split('/')[0] : '';
          const id = `${value.kind} ${value.metadata.namespace ? `${value.metadata.namespace}/` : ''}${value.metadata.name}`;
          return { cluster, folder, identity: `${group}|${value.kind}|${value.metadata.namespace ?? ''}|${value.metadata.name}`, id, value, kind: value.kind, group };
        }
        const path = file.path.slice(cluster.length + 1);
        const id = values.length > 1 ? `${path} #${index + 1}` : path;
        return { cluster, folder, identity: `file|${id}`, id, value };
      });
    });
}

function formatOf(path: string): 'yaml' | 'json' | 'text' {
  return /\.ya?ml$/.test(path) ? 'yaml' : path.endsWith('.json') ? 'json' : 'text';
}

function documentsOf(file: RenderedFile): unknown[] {
  const format = formatOf(file.path);
  if (format === 'yaml') {
    const { documents, error } = parseYaml(file.content);
    if (!error) return documents.filter((value) => value !== null && value !== undefined);
  }
  if (format === 'json') {
    try {
      return [JSON.parse(file.content)];
    } catch {
      // Compared as text below.
    }
  }
  return [file.content];
}

/** Compares two renders (files relative to dist/). */
export function diffRenders(base: readonly RenderedFile[], head: readonly RenderedFile[]): RenderDiff {
  const index = (documents: ParsedDocument[]) => new Map(documents.map((document) => [`${document.cluster}|${document.identity}`, document]));
  const parsed = new Map<string, unknown[]>();
  const before = index(parseDocuments(base, parsed));
  const after = index(parseDocuments(head, parsed));
  const changes = new Map<string, { cluster: string; folder: string; changes: DocumentChange[] }>();
  const add = (document: ParsedDocument, change: DocumentChange) => {
    const key = `${document.cluster}\u0000${document.folder}`;
    const entry = changes.get(key) ?? { cluster: document.cluster, folder: document.folder, changes: [] };
    entry.changes.push(change);
    changes.set(key, entry);
  };
  for (const [key, old] of before) {
    const current = after.get(key);
    if (!current) {
      add(old, { change: 'removed', id: old.id, fields: [], content: old.value, ...objectKind(old) });
      continue;
    }
    // The same value on both sides: the document of a file neither render changed.
    const fields = old.value === current.value ? [] : fieldChanges(old.value, current.value);
    if (current.folder !== old.folder) add(current, { change: 'moved', id: current.id, from: old.folder, fields, ...objectKind(current) });
    else if (fields.length > 0) add(current, { change: 'changed', id: current.id, fields, ...objectKind(current) });
  }
  for (const [key, current] of after) {
    if (!before.has(key)) add(current, { change: 'added', id: current.id, fields: [], content: current.value, ...objectKind(current) });
  }
  const order: Record<DocumentChangeKind, number> = { removed: 0, moved: 1, changed: 2, added: 3 };
  const folders = [...changes.values()]
    .map((entry) => ({ ...entry, changes: entry.changes.sort((a, b) => order[a.change] - order[b.change] || compare(a.id, b.id)) }))
    .sort((a, b) => compare(a.cluster, b.cluster) || compare(a.folder, b.folder));
  const counts = { added: 0, removed: 0, changed: 0, moved: 0 };
  for (const folder of folders) for (const change of folder.changes) counts[change.change]++;
  const clusters = [...new Set([...base, ...head].filter((file) => file.path.split('/')[1] === 'bootstrap').map((file) => file.path.split('/')[0]))].sort(compare);
  return { folders, counts, clusters };
}

function objectKind(document: ParsedDocument): { kind?: string; group?: string } {
  return document.kind === undefined ? {} : { kind: document.kind, group: document.group };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
