import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CRD_SCHEMA_FOLDER, crdSchemaFor, CrdSchemas, structuralSchema } from '../validate/crd-schemas';

const ALLOWED_KEYWORDS = new Set(['type', 'properties', 'items', 'required', 'enum', 'nullable', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource']);

/** Every keyword used anywhere in a schema (property names are names, not keywords). */
function keywords(schema: object, found = new Set<string>()): Set<string> {
  for (const [key, value] of Object.entries(schema)) {
    found.add(key);
    const subschemas: unknown[] = key === 'properties' ? Object.values(value as object) : key === 'enum' || key === 'required' ? [] : Array.isArray(value) ? value : [value];
    for (const subschema of subschemas) {
      if (typeof subschema === 'object' && subschema !== null) keywords(subschema, found);
    }
  }
  return found;
}

describe('CRD validation schemas generated into the repository', () => {
  const files = readdirSync(CRD_SCHEMA_FOLDER).sort();

  it('holds one structure-only schema per custom resource kind the charts render', () => {
    expect(files).toEqual(expect.arrayContaining(['argoproj.io_v1alpha1_application.json', 'argoproj.io_v1alpha1_appproject.json', 'opentelemetry.io_v1beta1_opentelemetrycollector.json', 'grafana.integreatly.org_v1beta1_grafanadashboard.json']));
    for (const file of files) {
      const used = [...keywords(JSON.parse(readFileSync(join(CRD_SCHEMA_FOLDER, file), 'utf8')) as object)];
      expect({ file, extra: used.filter((keyword) => !ALLOWED_KEYWORDS.has(keyword)) }).toEqual({ file, extra: [] });
    }
  });

  it('are found by apiVersion and kind, and refuse an undeclared field', () => {
    expect(crdSchemaFor('argoproj.io/v1alpha1', 'AppProject')).toBeDefined();
    expect(crdSchemaFor('argoproj.io/v1alpha1', 'NoSuchKind')).toBeUndefined();
    expect(crdSchemaFor('../../etc/v1', 'Passwd')).toBeUndefined();
    const schemas = CrdSchemas.bundled();
    const project = { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'p' }, spec: { sourceRepos: ['https://example.com/r.git'] } };
    expect(schemas.validate(project)).toEqual([]);
    expect(schemas.validate({ ...project, spec: { ...project.spec, sourceRepo: ['x'] } })).toEqual([expect.objectContaining({ field: '/spec', message: expect.stringContaining('(sourceRepo)') })]);
    expect(schemas.validate({ ...project, spec: { sourceRepos: 'not-a-list' } })).toEqual([expect.objectContaining({ field: '/spec/sourceRepos', message: 'must be array' })]);
  });

  it('reduces a CRD schema to its structure: no descriptions, formats, defaults or CEL rules, property names kept', () => {
    const reduced = structuralSchema({
      type: 'object',
      description: 'prose',
      'x-kubernetes-validations': [{ rule: 'self.a > 0' }],
      required: ['description'],
      properties: {
        description: { type: 'string', description: 'a field named description', format: 'uri', default: 'x' },
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: '^[0-9]+$' },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        mode: { type: 'string', enum: ['a', 'b'], maxLength: 3 },
        labels: { type: 'object', additionalProperties: { type: 'string', description: 'label' } },
      },
    });
    expect(reduced).toEqual({
      type: 'object',
      required: ['description'],
      properties: {
        description: { type: 'string' },
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        mode: { type: 'string', enum: ['a', 'b'] },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
    });
  });

  it('are replaced by the CRD files of a folder the user gives', () => {
    const folder = mkdtempSync(join(tmpdir(), 'crd-folder-'));
    try {
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        spec: { group: 'example.com', names: { kind: 'Widget' }, versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }] },
      };
      writeFileSync(join(folder, 'widget.yaml'), stringify(crd));
      const schemas = CrdSchemas.fromFolder(folder);
      const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } };
      expect(schemas.validate(widget)).toEqual([]);
      expect(schemas.validate({ ...widget, spec: { size: 'big' } })).toEqual([expect.objectContaining({ field: '/spec/size' })]);
      expect(schemas.knows({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject' })).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
