import { Options, ValidateFunction } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { version as YAML_VERSION } from 'yaml/package.json';
import { describeObject, ManifestObject, ObjectProblem } from './object-problem';
import { cachedJson, cachedValidator } from './schema-cache';

interface CrdDocument {
  readonly kind?: string;
  readonly spec?: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: readonly { readonly name: string; readonly schema?: { readonly openAPIV3Schema?: object } }[];
  };
}

/**
 * Schemas of custom resources, read from CustomResourceDefinition files in a folder (as
 * kubeconform's `-schema-location` does), so users can validate against the CRDs their
 * clusters actually run.
 */
export class CrdSchemas {
  /** Loads every CRD in every `.yaml`/`.yml` file of `folder`. */
  public static fromFolder(folder: string): CrdSchemas {
    const schemas = new CrdSchemas();
    const files = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort();
    if (files.length === 0) {
      throw new Error(`No CRD files (*.yaml) in ${folder}; pass the folder holding your CustomResourceDefinitions.`);
    }
    for (const name of files) {
      // Parsing megabytes of CRD YAML is the slow part; the result depends only on the bytes.
      for (const [key, schema] of cachedJson(readFileSync(join(folder, name), 'utf8'), schemasOfCrdFile, DERIVATION)) schemas.schemas.set(key, schema);
    }
    return schemas;
  }

  private readonly schemas = new Map<string, object>();
  private readonly validators = new Map<string, ValidateFunction>();

  /** `group/version Kind` of every schema loaded. */
  public get kinds(): string[] {
    return [...this.schemas.keys()].sort();
  }

  public add(crd: CrdDocument): void {
    for (const [key, schema] of schemasOfCrd(crd)) this.schemas.set(key, schema);
  }

  /** True when a schema for the object's apiVersion and kind was loaded. */
  public knows(object: ManifestObject): boolean {
    return this.schemas.has(`${String(object.apiVersion)} ${String(object.kind)}`);
  }

  /** Compiled on first use: the Grafana and OpenTelemetry schemas are large. */
  private validator(key: string): ValidateFunction | undefined {
    const schema = this.schemas.get(key);
    if (schema && !this.validators.has(key)) this.validators.set(key, cachedValidator(AJV_OPTIONS, schema));
    return this.validators.get(key);
  }

  public validate(object: ManifestObject, file?: string): ObjectProblem[] {
    const validator = this.validator(`${String(object.apiVersion)} ${String(object.kind)}`);
    if (!validator) {
      return [{ file, object: describeObject(object), field: '/apiVersion', message: `no CRD schema for ${String(object.apiVersion)} ${String(object.kind)} in the schema folder`, rule: 'schema' }];
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
