import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A CloudFormation template as CDK synthesizes it (`cdk.out/**\/*.template.json`). */
export interface LoadedTemplate {
  /** Path of the template, relative to the folder it was read from. */
  readonly file: string;
  readonly resources: Readonly<Record<string, TemplateResource>>;
  readonly outputs: Readonly<Record<string, { readonly Value?: unknown; readonly Description?: string }>>;
}

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/**
 * Every template under a cloud assembly folder, nested stage assemblies (`assembly-*`) included,
 * in path order. Returns none when the folder does not exist.
 */
export function readTemplates(cdkOut: string): LoadedTemplate[] {
  if (!existsSync(cdkOut)) return [];
  return (readdirSync(cdkOut, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile() && entry.name.endsWith('.template.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .map((path) => {
      const template = JSON.parse(readFileSync(path, 'utf8')) as { Resources?: LoadedTemplate['resources']; Outputs?: LoadedTemplate['outputs'] };
      return { file: relative(cdkOut, path).split('\\').join('/'), resources: template.Resources ?? {}, outputs: template.Outputs ?? {} };
    });
}

/**
 * A template value as text, with intrinsic functions spelled out (`${Ref}`, joins joined), so
 * ARNs and conditions built by CDK can be checked like literals.
 */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(flatten).join(',');
  if (value !== null && typeof value === 'object') {
    const [[name, argument]] = Object.entries(value as Record<string, unknown>).concat([['', undefined]]);
    if (name === 'Ref') return `\${${String(argument)}}`;
    if (name === 'Fn::Join' && Array.isArray(argument)) return (argument[1] as unknown[]).map(flatten).join(String(argument[0]));
    if (name === 'Fn::Sub') return Array.isArray(argument) ? String(argument[0]) : String(argument);
    if (name === 'Fn::GetAtt') return `\${${Array.isArray(argument) ? argument.join('.') : String(argument)}}`;
    if (name === 'Fn::ImportValue') return `\${Import:${flatten(argument)}}`;
    // Other functions (Select, Split, If, ...) stand for a value only known at deploy time.
    if (name.startsWith('Fn::')) return `\${${name}}`;
    return JSON.stringify(value);
  }
  return '';
}
