import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ObjectProblem } from '../../validate/object-problem';
import { ConformanceCheck } from './conformance-check';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every leaf path of the values the project sets (lists are replaced whole, so they are leaves). */
export function valuePaths(values: unknown, prefix: readonly string[] = []): string[][] {
  if (!isObject(values) || Object.keys(values).length === 0) return prefix.length > 0 ? [[...prefix]] : [];
  return Object.entries(values).flatMap(([key, value]) => valuePaths(value, [...prefix, key]));
}

/**
 * True when the chart's values.yaml declares `path`: each key exists down to the leaf, or the
 * walk reaches an empty map, a null or a list, which charts use for free-form settings
 * (`podSecurityContext: {}`, `extraObjects: []`).
 */
function declaredInValues(defaults: unknown, path: readonly string[]): boolean {
  let node = defaults;
  for (const key of path) {
    if (node === null || node === undefined || Array.isArray(node)) return true;
    if (!isObject(node)) return false;
    if (Object.keys(node).length === 0) return true;
    if (!(key in node)) return false;
    node = node[key];
  }
  return true;
}

/** True when values.schema.json accepts `path`: declared properties, or a map open to more keys. */
function declaredInSchema(schema: unknown, path: readonly string[]): boolean {
  let node = schema;
  for (const key of path) {
    if (!isObject(node)) return true;
    const properties = isObject(node.properties) ? node.properties : undefined;
    if (properties && key in properties) {
      node = properties[key];
      continue;
    }
    if (isObject(node.patternProperties) && Object.keys(node.patternProperties).some((pattern) => new RegExp(pattern).test(key))) return true;
    if (node.additionalProperties === false) return false;
    if (isObject(node.additionalProperties)) {
      node = node.additionalProperties;
      continue;
    }
    // No properties listed, or additional properties allowed: free-form below here.
    return !properties || node.additionalProperties === true;
  }
  return true;
}

/** The chart's own template sources (not its subcharts'). */
function templateSources(chartDir: string): string {
  const folder = join(chartDir, 'templates');
  if (!existsSync(folder)) return '';
  return (readdirSync(folder, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile() && /\.(ya?ml|tpl|txt)$/.test(entry.name))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

/** Template functions that take a whole map of values and render every key of it. */
const WHOLE_MAP_FUNCTIONS = ['omit', 'toYaml', 'range', 'merge', 'mergeOverwrite', 'tpl'];

/**
 * True when a template hands the map at `path` (or one above it) wholesale to a function that
 * renders every key (`omit .Values.configs.cm "create"`, `toYaml .Values.extraEnv`): any key below
 * it is meaningful even though values.yaml cannot list it.
 */
function renderedWholesale(templates: string, path: readonly string[]): boolean {
  for (let length = 1; length < path.length; length += 1) {
    const reference = `\\.Values\\.${path.slice(0, length).map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\.')}(?![\\w.])`;
    if (new RegExp(`\\b(${WHOLE_MAP_FUNCTIONS.join('|')})\\b[^}\\n]*${reference}`).test(templates)) return true;
  }
  return false;
}

export const valuesKeysExist: ConformanceCheck = {
  id: 'conformance-values-key',
  description: "Every values key the project sets exists in the chart's values.yaml or values.schema.json (or sits in a map a template renders wholesale); a misspelt or moved key would be ignored silently.",
  check({ release, chartDir }) {
    const defaults = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) ?? {};
    const schemaFile = join(chartDir, 'values.schema.json');
    const schema: unknown = existsSync(schemaFile) ? JSON.parse(readFileSync(schemaFile, 'utf8')) : undefined;
    const templates = templateSources(chartDir);
    const problems: ObjectProblem[] = [];
    for (const path of valuePaths(release.values)) {
      if (declaredInValues(defaults, path) || (schema !== undefined && declaredInSchema(schema, path)) || renderedWholesale(templates, path)) continue;
      problems.push({
        file: release.origin,
        object: `values of ${release.chart} ${release.version}`,
        field: `/${path.join('/')}`,
        message: `${path.join('.')} is not a value of the chart (neither values.yaml nor values.schema.json declares it); the chart would ignore it`,
        rule: this.id,
      });
    }
    return problems;
  },
};
