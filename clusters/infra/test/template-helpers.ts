import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';

/** CloudFormation resource as it appears in a synthesized template. */
export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/** Resources of `type` in a template, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, CfnResourceJson> {
  return template.findResources(type) as Record<string, CfnResourceJson>;
}

/** The one resource of `type` whose logical id contains `idPart`; fails when none or several match. */
export function resourceNamed(template: Template, type: string, idPart: string): CfnResourceJson {
  const matches = Object.entries(resourcesOf(template, type)).filter(([id]) => id.includes(idPart));
  if (matches.length !== 1) {
    throw new Error(`expected one ${type} with "${idPart}" in its id, found ${matches.map(([id]) => id).join(', ') || 'none'}`);
  }
  return matches[0][1];
}

/** IAM role resource with the given RoleName. */
export function roleNamed(template: Template, roleName: string): CfnResourceJson {
  const matches = Object.values(resourcesOf(template, 'AWS::IAM::Role')).filter((role) => role.Properties?.RoleName === roleName);
  if (matches.length !== 1) {
    throw new Error(`expected one role named ${roleName}, found ${matches.length}`);
  }
  return matches[0];
}

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Statements of a policy document property. */
export function statementsOf(document: unknown): Statement[] {
  return ((document as { Statement?: Statement[] } | undefined)?.Statement ?? []).map((statement) => statement);
}

export function actionsOf(statement: Statement): string[] {
  return (Array.isArray(statement.Action) ? statement.Action : [statement.Action]).slice().sort();
}

/** Every statement a role is granted: its inline policies plus the AWS::IAM::Policy resources attached to it. */
export function grantedStatements(template: Template, roleLogicalId: string): Statement[] {
  const role = template.toJSON().Resources[roleLogicalId] as CfnResourceJson;
  const inline = ((role.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).flatMap((policy) => statementsOf(policy.PolicyDocument));
  const attached = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties?.Roles ?? []).includes(`"${roleLogicalId}"`))
    .flatMap((policy) => statementsOf(policy.Properties?.PolicyDocument));
  return [...inline, ...attached];
}

/** Logical id of the role named `roleName`. */
export function roleLogicalId(template: Template, roleName: string): string {
  const found = Object.entries(resourcesOf(template, 'AWS::IAM::Role')).find(([, role]) => role.Properties?.RoleName === roleName);
  if (!found) {
    throw new Error(`no role named ${roleName}`);
  }
  return found[0];
}

/**
 * Rebuilds the JSON of a Kubernetes manifest custom resource, replacing each deploy-time token
 * (a CloudFormation intrinsic inside Fn::Join) by `<token>`.
 */
export function manifestObjects(manifest: unknown): Record<string, unknown>[] {
  const text =
    typeof manifest === 'string'
      ? manifest
      : ((manifest as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1] ?? []).map((part) => (typeof part === 'string' ? part : '<token>')).join('');
  return JSON.parse(text) as Record<string, unknown>[];
}

/** Every Kubernetes object the stack's manifest custom resources apply. */
export function kubernetesObjects(template: Template): Record<string, unknown>[] {
  return Object.values(resourcesOf(template, 'Custom::AWSCDK-EKS-KubernetesResource')).flatMap((resource) => manifestObjects(resource.Properties?.Manifest));
}

/** Every `*.template.json` under a cloud assembly folder (stage assemblies and nested stacks included). */
export function allTemplateFiles(outdir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(outdir)) {
    const path = join(outdir, entry);
    if (statSync(path).isDirectory()) {
      files.push(...allTemplateFiles(path));
    } else if (entry.endsWith('.template.json')) {
      files.push(path);
    }
  }
  return files;
}

export function readTemplate(file: string): { Resources?: Record<string, CfnResourceJson>; Outputs?: Record<string, unknown> } {
  return JSON.parse(readFileSync(file, 'utf8'));
}
