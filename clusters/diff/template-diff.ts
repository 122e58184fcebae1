import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { replacingProperties } from './replacement-properties';
import { deepEqual, FieldChange, fieldChanges } from './value-diff';

/**
 * What a change does to the AWS layer: the CloudFormation templates of two cloud assemblies
 * (`cdk synth` output), compared stack by stack and resource by resource (by logical id).
 * Before comparing, both sides are normalized so that only what CloudFormation would deploy
 * differently shows: asset hashes (the names of uploaded Lambda bundles and nested templates)
 * are masked, resource metadata, `DependsOn` and CDK's bookkeeping (`AWS::CDK::Metadata`, the
 * bootstrap version check) are dropped, lists that are sets (IAM actions, resources and
 * principals, tags, subnet and security group ids) do not depend on their order, and policy
 * statements are matched by what they are about rather than by position.
 */

export type ResourceChangeKind = 'added' | 'removed' | 'changed';

/** Why a change is listed first: it changes who may do what, network reach, or replaces. */
export type ReviewFlag = 'iam' | 'security-group' | 'replacement';

export interface ResourceChange {
  readonly change: ResourceChangeKind;
  /** Logical id, or `Outputs.<name>` for stack outputs. */
  readonly logicalId: string;
  /** CloudFormation resource type, or `Output`. */
  readonly type: string;
  /** For `changed`: the fields that differ, paths from the resource (`.Properties.RoleName`). */
  readonly fields: readonly FieldChange[];
  /** For `added` and `removed`: the whole resource, normalized. */
  readonly content?: unknown;
  readonly flags: readonly ReviewFlag[];
  /** For `changed`: properties whose change makes CloudFormation replace the resource. */
  readonly replacing: readonly string[];
}

export interface StackDiff {
  /** The stack's path in the app, e.g. `pipeline/prod1/prod1-blueprint` (nested stacks after `»`). */
  readonly stack: string;
  readonly changes: readonly ResourceChange[];
}

export interface AssemblyDiff {
  readonly stacks: readonly StackDiff[];
  readonly counts: Readonly<Record<ResourceChangeKind, number>>;
  /** Changes carrying a review flag. */
  readonly flagged: number;
}

/** One template of a cloud assembly, named by its stack's path. */
export interface StackTemplate {
  readonly stack: string;
  readonly template: Readonly<Record<string, unknown>>;
}

export interface CloudAssembly {
  readonly templates: readonly StackTemplate[];
  /** Hashes of the assembly's file and image assets, masked before comparing. */
  readonly assetHashes: ReadonlySet<string>;
}

interface Manifest {
  readonly artifacts?: Record<string, { type: string; displayName?: string; properties?: { templateFile?: string; directoryName?: string } }>;
}

/**
 * Reads every stack template of a cloud assembly, nested stage assemblies and nested stacks
 * included, and the hashes its asset manifests list.
 */
export function readCloudAssembly(folder: string): CloudAssembly {
  if (!existsSync(join(folder, 'manifest.json'))) throw new Error(`${folder} is not a cloud assembly (no manifest.json); synthesize the AWS layer into it first.`);
  const templates: StackTemplate[] = [];
  const assetHashes = new Set<string>();
  const visit = (directory: string) => {
    const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as Manifest;
    for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
      if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) visit(join(directory, artifact.properties.directoryName));
      if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
      const stack = artifact.displayName ?? id;
      const templateFile = join(directory, artifact.properties.templateFile);
      templates.push({ stack, template: readJson(templateFile) });
      // Nested stacks: their templates sit beside the parent's, named after the parent's id.
      const prefix = id.replace(/[0-9A-F]{8}$/, '');
      for (const file of readdirSync(directory).filter((name) => name.startsWith(prefix) && name.endsWith('.nested.template.json')).sort()) {
        const name = basename(file, '.nested.template.json').slice(prefix.length).replace(/[0-9A-F]{8}$/, '');
        templates.push({ stack: `${stack} » ${name}`, template: readJson(join(directory, file)) });
      }
    }
    for (const file of readdirSync(directory).filter((name) => name.endsWith('.assets.json'))) {
      const assets = readJson(join(directory, file)) as { files?: Record<string, unknown>; dockerImages?: Record<string, unknown> };
      for (const hash of [...Object.keys(assets.files ?? {}), ...Object.keys(assets.dockerImages ?? {})]) assetHashes.add(hash);
    }
  };
  visit(folder);
  templates.sort((a, b) => compare(a.stack, b.stack));
  return { templates, assetHashes };
}

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${relative(dirname(dirname(file)), file)}: ${(error as Error).message}`);
  }
}

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Keys whose list is a set: its order means nothing to CloudFormation or IAM. */
const SET_KEYS = new Set(['Action', 'NotAction', 'Resource', 'NotResource', 'AWS', 'Service', 'Federated', 'CanonicalUser', 'ManagedPolicyArns', 'SubnetIds', 'Subnets', 'SecurityGroupIds', 'SecurityGroups', 'InstanceTypes', 'Tags', 'Policies', 'SecurityGroupIngress', 'SecurityGroupEgress']);
/** Keys of an IAM policy document whose single value stands for a one-element list. */
const LIST_OR_SCALAR_KEYS = new Set(['Action', 'NotAction', 'Resource', 'NotResource', 'AWS', 'Service', 'Federated', 'CanonicalUser']);

/** `{"Fn::Join": ...}` of literals and references, written as one string: `arn:${AWS::Partition}:...`. */
function joined(value: Json): string | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [key] = keys;
  const argument = value[key];
  if (key === 'Ref' && typeof argument === 'string') return `\${${argument}}`;
  if (key === 'Fn::GetAtt' && Array.isArray(argument) && argument.every((part) => typeof part === 'string')) return `\${${argument.join('.')}}`;
  if (key === 'Fn::Join' && Array.isArray(argument) && typeof argument[0] === 'string' && Array.isArray(argument[1])) {
    const parts = (argument[1] as unknown[]).map((part) => (typeof part === 'string' ? part : isPlainObject(part) ? joined(part) : undefined));
    return parts.every((part): part is string => part !== undefined) ? parts.join(argument[0]) : undefined;
  }
  return undefined;
}

function listText(value: unknown): string {
  if (Array.isArray(value)) return value.map(listText).sort(compare).join(',');
  if (isPlainObject(value)) return Object.values(value).map(listText).sort(compare).join(',');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A statement's plain label (Sid, else effect and what it is about) and what tells it apart from another with the same label. */
function statementIdentity(statement: unknown, index: number): { label: string; detail: string } {
  if (!isPlainObject(statement)) return { label: `#${index + 1}`, detail: '' };
  if (typeof statement.Sid === 'string' && statement.Sid !== '') return { label: statement.Sid, detail: '' };
  const effect = typeof statement.Effect === 'string' ? statement.Effect : 'Allow';
  if (statement.Principal !== undefined || statement.NotPrincipal !== undefined) {
    return { label: `${effect} ${listText(statement.Action ?? statement.NotAction)}`, detail: `by ${listText(statement.Principal ?? statement.NotPrincipal)}` };
  }
  return { label: `${effect} on ${listText(statement.Resource ?? statement.NotResource)}`, detail: listText(statement.Action ?? statement.NotAction) };
}

/** Plain labels that more than one statement of a policy in `value` carries. */
export function sharedStatementLabels(value: unknown, hashes: ReadonlySet<string>, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => sharedStatementLabels(item, hashes, out));
  else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'Statement' && Array.isArray(item)) {
        const labels = item.map((statement, index) => statementIdentity(displayValue(statement, hashes), index).label);
        for (const label of labels.filter((label, index) => labels.indexOf(label) !== index)) out.add(label);
      }
      sharedStatementLabels(item, hashes, out);
    }
  }
  return out;
}

/**
 * Labels for the statements of a policy that survive reordering and stay put when a statement's
 * actions or principals change: its Sid, else its effect and what it is about (the actions of a
 * trust statement, the resources of others). Labels in `shared` (carried by several statements
 * on either side of the comparison) are told apart by principals (trust) or actions, then by number.
 */
function statementLabels(statements: readonly unknown[], shared: ReadonlySet<string>): string[] {
  const detailed = statements.map((statement, index) => {
    const { label, detail } = statementIdentity(statement, index);
    return shared.has(label) && detail ? `${label} ${detail}` : label;
  });
  const seen = new Map<string, number>();
  return detailed.map((label) => {
    if (detailed.filter((other) => other === label).length === 1) return label;
    const occurrence = (seen.get(label) ?? 0) + 1;
    seen.set(label, occurrence);
    return `${label} (${occurrence})`;
  });
}

/** Replaces every known asset hash inside a string. */
function maskAssets(text: string, hashes: ReadonlySet<string>): string {
  return hashes.size === 0 ? text : text.replace(/[0-9a-f]{64}/g, (hash) => (hashes.has(hash) ? '<asset>' : hash));
}

function sortKey(value: unknown): string {
  if (isPlainObject(value) && typeof value.Key === 'string') return value.Key;
  if (isPlainObject(value) && typeof value.PolicyName === 'string') return value.PolicyName;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The value as it is shown: asset hashes masked, joins of literals and references written as one string. */
export function displayValue(value: unknown, hashes: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return maskAssets(value, hashes);
  if (Array.isArray(value)) return value.map((item) => displayValue(item, hashes));
  if (isPlainObject(value)) {
    const flat = joined(value);
    if (flat !== undefined) return maskAssets(flat, hashes);
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, displayValue(item, hashes)]));
  }
  return value;
}

/** The value as it is compared (see the module comment). */
export function normalizeValue(value: unknown, hashes: ReadonlySet<string>, shared: ReadonlySet<string> = sharedStatementLabels(value, hashes), key = ''): unknown {
  if (typeof value === 'string') return maskAssets(value, hashes);
  if (Array.isArray(value)) {
    const items = value.map((item) => normalizeValue(item, hashes, shared));
    if (key === 'Statement') {
      // Identical statements are one statement to IAM.
      const distinct = items.filter((item, index) => items.findIndex((other) => deepEqual(other, item)) === index);
      const order = distinct.map((item) => ({ item, raw: value[items.indexOf(item)] })).sort((a, b) => compare(JSON.stringify(a.item), JSON.stringify(b.item)));
      const labels = statementLabels(
        order.map(({ raw }) => displayValue(raw, hashes)),
        shared,
      );
      return Object.fromEntries(order.map(({ item }, index) => [labels[index], item] as const).sort(([a], [b]) => compare(a, b)));
    }
    if (SET_KEYS.has(key)) {
      // Keyed by the item, so an added or removed item shows as itself.
      return Object.fromEntries(items.map((item) => [sortKey(item), item] as const).sort(([a], [b]) => compare(a, b)));
    }
    return items;
  }
  if (isPlainObject(value)) {
    const flat = joined(value);
    if (flat !== undefined) return maskAssets(flat, hashes);
    const out: Json = {};
    for (const [name, item] of Object.entries(value)) {
      const normalized = normalizeValue(item, hashes, shared, name);
      out[name] = LIST_OR_SCALAR_KEYS.has(name) && typeof normalized === 'string' ? { [normalized]: normalized } : normalized;
    }
    return out;
  }
  return value;
}

/** A template's resources and outputs as compared: noise removed, values normalized. */
function comparable(template: Readonly<Record<string, unknown>>, hashes: ReadonlySet<string>): Map<string, { type: string; kept: Json; value: Json; shown: unknown }> {
  const entries = new Map<string, { type: string; kept: Json; value: Json; shown: unknown }>();
  for (const [logicalId, resource] of Object.entries((template.Resources ?? {}) as Record<string, Json>)) {
    const type = String(resource.Type);
    if (type === 'AWS::CDK::Metadata') continue;
    const kept = Object.fromEntries(Object.entries(resource).filter(([key]) => key !== 'Metadata' && key !== 'DependsOn'));
    entries.set(logicalId, { type, kept, value: normalizeValue(kept, hashes) as Json, shown: displayValue(kept, hashes) });
  }
  for (const [name, output] of Object.entries((template.Outputs ?? {}) as Record<string, Json>)) {
    entries.set(`Outputs.${name}`, { type: 'Output', kept: output, value: normalizeValue(output, hashes) as Json, shown: displayValue(output, hashes) });
  }
  return entries;
}

const IAM_TYPES = new Set([
  'AWS::EKS::AccessEntry',
  'AWS::EKS::PodIdentityAssociation',
  'AWS::IAM::Group',
  'AWS::IAM::InstanceProfile',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::OIDCProvider',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::IAM::User',
  'AWS::KMS::Key',
  'AWS::Lambda::Permission',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::TopicPolicy',
  'Custom::AWSCDKOpenIdConnectProvider',
]);
const POLICY_FIELD = /(PolicyDocument|Policies|KeyPolicy|Principal|RoleArn|AccessPolic)/;

function flagsOf(type: string, paths: readonly string[], replacing: readonly string[]): ReviewFlag[] {
  const flags: ReviewFlag[] = [];
  if (IAM_TYPES.has(type) || paths.some((path) => POLICY_FIELD.test(path))) flags.push('iam');
  if (type.startsWith('AWS::EC2::SecurityGroup') || paths.some((path) => /SecurityGroup/.test(path))) flags.push('security-group');
  if (replacing.length > 0) flags.push('replacement');
  return flags;
}

const FLAG_ORDER: Record<ReviewFlag, number> = { iam: 0, 'security-group': 1, replacement: 2 };
const CHANGE_ORDER: Record<ResourceChangeKind, number> = { removed: 0, changed: 1, added: 2 };

function rank(change: ResourceChange): number {
  return change.flags.length === 0 ? 3 : Math.min(...change.flags.map((flag) => FLAG_ORDER[flag]));
}

/** Compares two cloud assemblies stack by stack; flagged changes first within each stack. */
export function diffAssemblies(base: CloudAssembly, head: CloudAssembly): AssemblyDiff {
  const hashes = new Set([...base.assetHashes, ...head.assetHashes]);
  const before = new Map(base.templates.map((entry) => [entry.stack, entry.template]));
  const after = new Map(head.templates.map((entry) => [entry.stack, entry.template]));
  const stacks: StackDiff[] = [];
  for (const stack of [...new Set([...before.keys(), ...after.keys()])].sort(compare)) {
    const old = comparable(before.get(stack) ?? {}, hashes);
    const current = comparable(after.get(stack) ?? {}, hashes);
    const changes: ResourceChange[] = [];
    for (const [logicalId, entry] of old) {
      const next = current.get(logicalId);
      if (!next) {
        changes.push({ change: 'removed', logicalId, type: entry.type, fields: [], content: entry.shown, flags: flagsOf(entry.type, allPaths(entry.value), []), replacing: [] });
        continue;
      }
      if (deepEqual(entry.value, next.value)) continue;
      // Statements are labelled alike on both sides, so a label one side shares is told apart on both.
      const shared = new Set([...sharedStatementLabels(entry.kept, hashes), ...sharedStatementLabels(next.kept, hashes)]);
      const fields = fieldChanges(normalizeValue(entry.kept, hashes, shared), normalizeValue(next.kept, hashes, shared));
      const paths = fields.map((field) => field.path);
      // A changed type is a new resource under the same id.
      const replacing = entry.type !== next.type ? ['Type'] : replacingProperties(next.type, paths);
      changes.push({ change: 'changed', logicalId, type: next.type, fields, flags: flagsOf(next.type, paths, replacing), replacing });
    }
    for (const [logicalId, entry] of current) {
      if (!old.has(logicalId)) changes.push({ change: 'added', logicalId, type: entry.type, fields: [], content: entry.shown, flags: flagsOf(entry.type, allPaths(entry.value), []), replacing: [] });
    }
    if (changes.length === 0) continue;
    changes.sort((a, b) => rank(a) - rank(b) || CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change] || compare(a.type, b.type) || compare(a.logicalId, b.logicalId));
    stacks.push({ stack, changes });
  }
  const counts = { added: 0, removed: 0, changed: 0 };
  let flagged = 0;
  for (const stack of stacks) {
    for (const change of stack.changes) {
      counts[change.change]++;
      if (change.flags.length > 0) flagged++;
    }
  }
  return { stacks, counts, flagged };
}

/** Every key path of a value, for classifying whole added or removed resources. */
function allPaths(value: unknown, path = ''): string[] {
  if (!isPlainObject(value)) return [path];
  return Object.entries(value).flatMap(([key, item]) => [`${path}.${key}`, ...allPaths(item, `${path}.${key}`)]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
