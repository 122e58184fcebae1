import { Options, ValidateFunction } from 'ajv';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { version as YAML_VERSION } from 'yaml/package.json';
import { describeObject, ManifestObject, ObjectProblem } from './object-problem';
import { cachedJson, cachedValidator } from './schema-cache';

export interface CrdDocument {
  readonly kind?: string;
  readonly spec?: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: readonly { readonly name: string; readonly schema?: { readonly openAPIV3Schema?: object } }[];
  };
}

/** Where `npm run import:crds` writes one structural schema per custom resource kind. */
export const CRD_SCHEMA_FOLDER = join(__dirname, '..', '..', 'charts', 'imports', 'schemas');

/** `argoproj.io/v1alpha1` + `Application` -> `argoproj.io_v1alpha1_application.json`. */
export function crdSchemaFileName(apiVersion: string, kind: string): string {
  return `${apiVersion.replace('/', '_')}_${kind.toLowerCase()}.json`;
}

/**
 * The schema of a custom resource kind as generated into the repository (structure only), or
 * undefined when the project has none for it. The one place that reads the generated files.
 */
export function crdSchemaFor(apiVersion: string, kind: string): object | undefined {
  if (!/^[a-z0-9.-]+\/[a-z0-9]+$/.test(apiVersion) || !/^[A-Za-z0-9]+$/.test(kind)) return undefined;
  const file = join(CRD_SCHEMA_FOLDER, crdSchemaFileName(apiVersion, kind));
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as object) : undefined;
}

/** Keywords of an OpenAPI v3 schema that say what a valid object is; the rest (descriptions, formats, defaults, CEL rules) is dropped. */
const STRUCTURAL_KEYWORDS = new Set(['type', 'required', 'enum', 'nullable', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource']);
const SUBSCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf']);

/**
 * A CRD's schema reduced to its structure: fields, types, required fields, enums, and the
 * Kubernetes markers for preserved unknown fields and int-or-string values. No upstream prose.
 */
export function structuralSchema(schema: object): object {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (STRUCTURAL_KEYWORDS.has(key)) result[key] = value;
    else if (key === 'properties') result[key] = Object.fromEntries(Object.entries(value as Record<string, object>).map(([name, property]) => [name, structuralSchema(property)]));
    else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) result[key] = structuralSchema(value as object);
    else if (key === 'additionalProperties') result[key] = value;
    else if (SUBSCHEMA_LISTS.has(key)) result[key] = (value as object[]).map((item) => structuralSchema(item));
  }
  return result;
}

/**
 * Schemas of custom resources: by default the ones generated into the repository
 * (`crdSchemaFor`), or read from CustomResourceDefinition files in a folder (as kubeconform's
 * `-schema-location` does), so users can validate against the CRDs their clusters actually run.
 */
export class CrdSchemas {
  /** The schemas generated into charts/imports/schemas/ by `npm run import:crds`. */
  public static bundled(): CrdSchemas {
    return new CrdSchemas('charts/imports/schemas', (key) => {
      const [apiVersion, kind] = key.split(' ');
      const schema = crdSchemaFor(apiVersion, kind);
      return schema && strict(schema);
    });
  }

  /** Loads every CRD in every `.yaml`/`.yml` file of `folder`. */
  public static fromFolder(folder: string): CrdSchemas {
    const loaded = new Map<string, object>();
    const files = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort();
    if (files.length === 0) {
      throw new Error(`No CRD files (*.yaml) in ${folder}; pass the folder holding your CustomResourceDefinitions.`);
    }
    for (const name of files) {
      // Parsing megabytes of CRD YAML is the slow part; the result depends only on the bytes.
      for (const [key, schema] of cachedJson(readFileSync(join(folder, name), 'utf8'), schemasOfCrdFile, DERIVATION)) loaded.set(key, schema);
    }
    return new CrdSchemas(folder, (key) => loaded.get(key));
  }

  private readonly validators = new Map<string, ValidateFunction | undefined>();

  private constructor(
    /** Where the schemas come from, for messages. */
    public readonly source: string,
    private readonly schemaOf: (key: string) => object | undefined,
  ) {}

  /** True when there is a schema for the object's apiVersion and kind. */
  public knows(object: ManifestObject): boolean {
    return this.validator(`${String(object.apiVersion)} ${String(object.kind)}`) !== undefined;
  }

  /** Compiled on first use: the Grafana and OpenTelemetry schemas are large. */
  private validator(key: string): ValidateFunction | undefined {
    if (!this.validators.has(key)) {
      const schema = this.schemaOf(key);
      this.validators.set(key, schema ? cachedValidator(AJV_OPTIONS, schema) : undefined);
    }
    return this.validators.get(key);
  }

  public validate(object: ManifestObject, file?: string): ObjectProblem[] {
    const validator = this.validator(`${String(object.apiVersion)} ${String(object.kind)}`);
    if (!validator) {
      return [{ file, object: describeObject(object), field: '/apiVersion', message: `no CRD schema for ${String(object.apiVersion)} ${String(object.kind)} in ${this.source}`, rule: 'schema' }];
    }
    if (validator(object)) return [];
    return (validator.errors ?? []).map((error) => ({
      file,
      object: describeObject(object),
      field: error.instancePath || '/',
      message: `${error.message ?? 'invalid'}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`,
      rule: 'schema',
    }));
  }
}

const AJV_OPTIONS: Options = { strict: false, allErrors: true, validateFormats: false };

/** `group/version Kind` and strict schema of every served version of a CRD. */
function schemasOfCrd(crd: CrdDocument): [string, object][] {
  if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) return [];
  const spec = crd.spec;
  return spec.versions.flatMap((version) => {
    const schema = version.schema?.openAPIV3Schema;
    return schema ? [[`${spec.group}/${version.name} ${spec.names.kind}`, strict(schema)] as [string, object]] : [];
  });
}

function schemasOfCrdFile(text: string): [string, object][] {
  return parseAllDocuments(text).flatMap((document) => schemasOfCrd(document.toJS() as CrdDocument));
}

/** What a cached parse of a CRD file depends on besides its bytes. */
const DERIVATION = [`yaml ${YAML_VERSION}`, schemasOfCrdFile, schemasOfCrd, strict].map(String).join('\n');

/**
 * The API server silently drops fields a structural schema does not declare; a typo in a
 * rendered custom resource would vanish without a trace. Validation therefore refuses
 * undeclared fields wherever the schema lists properties and does not preserve unknown ones.
 */
function strict(schema: object): object {
  if (Array.isArray(schema)) return schema.map((item: unknown) => (typeof item === 'object' && item !== null ? strict(item) : item));
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    result[key] = typeof value === 'object' && value !== null ? strict(value) : value;
  }
  if (
    'properties' in schema &&
    !('additionalProperties' in schema) &&
    (schema as Record<string, unknown>)['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    result.additionalProperties = false;
  }
  return result;
}
