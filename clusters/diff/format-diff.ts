import { stringify } from 'yaml';
import { byClusterSet, ChangeGroup, ClusterSetChanges, describeClusters, groupChanges } from './group-changes';
import { RenderDiff } from './render-diff';
import { AssemblyDiff, ResourceChange, ReviewFlag, StackDiff } from './template-diff';
import { commonSubsequence, FieldChange } from './value-diff';

/** How the diff is titled: which base it was compared with. */
export interface DiffHeading {
  /** What the render was compared with, e.g. `dist/ at 1a2b3c4 (merge base with main)`. */
  readonly base: string;
}

/** The AWS layer's part of a diff: its comparison, or why there is none. */
export type AwsLayerDiff = { readonly diff: AssemblyDiff; readonly base: string } | { readonly skipped: string };

export interface MarkdownOptions {
  /**
   * Longest comment produced. GitHub refuses comments over 65,536 characters; past this length
   * whole entries are left out and counted. Default: 60,000.
   */
  readonly maxLength?: number;
  /** Where the untruncated diff can be read (a job summary or artifact link); named when entries are left out. */
  readonly fullDiff?: string;
}

/** Longest value shown in full; longer ones are cut (multi-line strings are shown line by line). */
const MAX_VALUE_LENGTH = 200;
/** Lines of a multi-line string change shown before the rest is summarised. */
const MAX_CHANGED_LINES = 40;
/** Lines of an added or removed object shown in a comment before the rest is summarised. */
const MAX_CONTENT_LINES = 300;

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}… (${text.length} characters)` : text;
}

function isMultiline(field: FieldChange): boolean {
  return typeof field.before === 'string' && typeof field.after === 'string' && (field.before.includes('\n') || field.after.includes('\n'));
}

/** `-`/`+` lines of a multi-line string change (unchanged lines left out). */
function changedLines(before: string, after: string): string[] {
  const old = before.split('\n');
  const current = after.split('\n');
  const kept = commonSubsequence(old, current, (a, b) => a === b);
  const keptOld = new Set(kept.map(([i]) => i));
  const keptNew = new Set(kept.map(([, j]) => j));
  const lines = [...old.flatMap((line, index) => (keptOld.has(index) ? [] : [`- ${line}`])), ...current.flatMap((line, index) => (keptNew.has(index) ? [] : [`+ ${line}`]))];
  return lines.length > MAX_CHANGED_LINES ? [...lines.slice(0, MAX_CHANGED_LINES), `… ${lines.length - MAX_CHANGED_LINES} more changed lines`] : lines;
}

function fieldSentence(field: FieldChange): string {
  if (!('before' in field)) return `added ${show(field.after)}`;
  if (!('after' in field)) return `removed (was ${show(field.before)})`;
  return `${show(field.before)} -> ${show(field.after)}`;
}

function contentLines(content: unknown): string[] {
  return stringify(content, { lineWidth: 0 }).trimEnd().split('\n');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function renderSummary(diff: RenderDiff, groups: readonly ChangeGroup[]): string {
  const parts = (['changed', 'added', 'removed', 'moved'] as const).filter((kind) => diff.counts[kind] > 0).map((kind) => `${diff.counts[kind]} ${kind}`);
  if (parts.length === 0) return 'no rendered object changes';
  const total = Object.values(diff.counts).reduce((sum, count) => sum + count, 0);
  return `${parts.join(', ')} object(s)${groups.length < total ? ` (${plural(groups.length, 'distinct change')})` : ''}`;
}

function awsSummary(aws: AwsLayerDiff): string {
  if ('skipped' in aws) return `AWS layer not compared: ${aws.skipped}`;
  const { counts, stacks, flagged } = aws.diff;
  const parts = (['changed', 'added', 'removed'] as const).filter((kind) => counts[kind] > 0).map((kind) => `${counts[kind]} ${kind}`);
  if (parts.length === 0) return `AWS layer against ${aws.base}: no CloudFormation resource changes`;
  return `AWS layer against ${aws.base}: ${parts.join(', ')} resource(s) in ${plural(stacks.length, 'stack')}${flagged > 0 ? `, ${flagged} touching IAM, security groups or replacing a resource` : ''}`;
}

const SYMBOL = { added: '+', removed: '-', changed: '~', moved: '>' } as const;
const FLAG_TEXT: Record<ReviewFlag, string> = { iam: 'IAM', 'security-group': 'security group', replacement: 'replacement' };

function resourceTags(change: ResourceChange): string {
  const tags = change.flags.map((flag) => (flag === 'replacement' ? `replaces the resource: ${change.replacing.join(', ')}` : FLAG_TEXT[flag]));
  return tags.length > 0 ? `  [${tags.join('; ')}]` : '';
}

/** A unit of output that is kept or left out whole, with the number of changes it shows. */
interface Block {
  readonly lines: readonly string[];
  readonly changes: number;
}

// ---------------------------------------------------------------- text

function textFields(fields: readonly FieldChange[], indent: string): string[] {
  return fields.flatMap((field) =>
    isMultiline(field) ? [`${indent}${field.path}:`, ...changedLines(String(field.before), String(field.after)).map((line) => `${indent}  ${line}`)] : [`${indent}${field.path}: ${fieldSentence(field)}`],
  );
}

function textClusterSets(sets: readonly ClusterSetChanges[], all: readonly string[]): Block[] {
  return sets.map((set) => {
    const { title, fullList } = describeClusters(set.clusters, all);
    const lines = ['', title, ...(fullList ? [`  (${fullList})`] : [])];
    let folder = '';
    for (const group of set.groups) {
      if (group.folder !== folder) {
        folder = group.folder;
        lines.push(`  ${folder}`);
      }
      const { change } = group;
      lines.push(`    ${SYMBOL[change.change]} ${change.change === 'moved' ? `${change.id} (moved from ${change.from})` : change.id}${group.concern ? `  [${group.concern}]` : ''}`);
      lines.push(...textFields(change.fields, '        '));
      if (change.content !== undefined) lines.push(...contentLines(change.content).map((line) => `        ${line}`));
    }
    return { lines, changes: set.groups.length };
  });
}

function textStacks(stacks: readonly StackDiff[]): Block[] {
  return stacks.map((stack) => ({
    lines: [
      '',
      stack.stack,
      ...stack.changes.flatMap((change) => [
        `  ${SYMBOL[change.change]} ${change.type} ${change.logicalId}${resourceTags(change)}`,
        ...textFields(change.fields, '      '),
        ...(change.content !== undefined ? contentLines(change.content).map((line) => `      ${line}`) : []),
      ]),
    ],
    changes: stack.changes.length,
  }));
}

/** Splits changes into those listed first and the rest. */
function partition(diff: RenderDiff, aws: AwsLayerDiff) {
  const groups = groupChanges(diff);
  const flaggedStacks = 'diff' in aws ? aws.diff.stacks.map((stack) => ({ stack: stack.stack, changes: stack.changes.filter((change) => change.flags.length > 0) })).filter((stack) => stack.changes.length > 0) : [];
  const otherStacks = 'diff' in aws ? aws.diff.stacks.map((stack) => ({ stack: stack.stack, changes: stack.changes.filter((change) => change.flags.length === 0) })).filter((stack) => stack.changes.length > 0) : [];
  return {
    groups,
    flaggedSets: byClusterSet(groups.filter((group) => group.concern)),
    otherSets: byClusterSet(groups.filter((group) => !group.concern)),
    flaggedStacks,
    otherStacks,
  };
}

const ISOLATION_HEADING = 'Review first: RBAC, NetworkPolicy, AppProject and admission changes';
const AWS_FLAGGED_HEADING = 'Review first: AWS IAM, security groups and resources CloudFormation replaces';

/** Plain text for a terminal: everything, nothing left out. */
export function formatText(diff: RenderDiff, heading: DiffHeading, aws: AwsLayerDiff = { skipped: 'not requested' }): string {
  const parts = partition(diff, aws);
  const lines = [`Rendered diff against ${heading.base}: ${renderSummary(diff, parts.groups)}.`, `${awsSummary(aws)}.`];
  const section = (title: string, blocks: Block[]) => {
    if (blocks.length > 0) lines.push('', `== ${title}`, ...blocks.flatMap((block) => block.lines));
  };
  section(ISOLATION_HEADING, textClusterSets(parts.flaggedSets, diff.clusters));
  section(AWS_FLAGGED_HEADING, textStacks(parts.flaggedStacks));
  section('Kubernetes objects', textClusterSets(parts.otherSets, diff.clusters));
  section('AWS layer (CloudFormation)', textStacks(parts.otherStacks));
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- Markdown

function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text.includes('`') ? ` ${text} ` : text}${fence}`;
}

/** A fenced block that no backtick run inside `lines` can close early. */
function fenced(language: string, lines: readonly string[], indent: string): string[] {
  const longest = Math.max(2, ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
  const fence = '`'.repeat(longest + 1);
  return ['', `${indent}${fence}${language}`, ...lines.map((line) => `${indent}${line}`), `${indent}${fence}`, ''];
}

function markdownFields(fields: readonly FieldChange[]): string[] {
  return fields.flatMap((field) => {
    const path = code(field.path || '.');
    if (isMultiline(field)) return [`  - ${path}:`, ...fenced('diff', changedLines(String(field.before), String(field.after)), '    ')];
    if (!('before' in field)) return [`  - ${path}: added ${code(show(field.after))}`];
    if (!('after' in field)) return [`  - ${path}: removed (was ${code(show(field.before))})`];
    return [`  - ${path}: ${code(show(field.before))} → ${code(show(field.after))}`];
  });
}

/** Longest line of an added or removed object shown in a comment (JSON held in a string is one line). */
const MAX_CONTENT_LINE = 400;

/** Objects longer than this many lines are folded in a comment, unless their change is flagged for review. */
const FOLDED_CONTENT_LINES = 40;

function markdownContent(content: unknown, foldable: boolean): string[] {
  const all = contentLines(content).map((line) => (line.length > MAX_CONTENT_LINE ? `${line.slice(0, MAX_CONTENT_LINE)}… (${line.length} characters)` : line));
  const lines = all.length > MAX_CONTENT_LINES ? [...all.slice(0, MAX_CONTENT_LINES), `# … ${all.length - MAX_CONTENT_LINES} more lines in the full diff`] : all;
  const block = fenced('yaml', lines, '  ');
  return foldable && all.length > FOLDED_CONTENT_LINES ? ['', `  <details><summary>${all.length} lines</summary>`, ...block, '  </details>', ''] : block;
}

function markdownClusterSets(sets: readonly ClusterSetChanges[], all: readonly string[], flagged: boolean): Block[] {
  return sets.flatMap((set) => {
    const { title, fullList } = describeClusters(set.clusters, all);
    const head = [`##### ${title}`, '', ...(fullList ? ['<details><summary>clusters</summary>', '', fullList, '', '</details>', ''] : [])];
    const folders = new Map<string, ChangeGroup[]>();
    for (const group of set.groups) folders.set(group.folder, [...(folders.get(group.folder) ?? []), group]);
    return [...folders.entries()].map(([folder, groups], index) => {
      const lines = [...(index === 0 ? head : []), `**${code(folder)}**`, ''];
      for (const { change, concern } of groups) {
        const title = change.change === 'moved' ? `moved ${code(change.id)} (from ${code(change.from ?? '')})` : `${change.change} ${code(change.id)}`;
        lines.push(`- ${title}${concern ? ` (**${concern}**)` : ''}`, ...markdownFields(change.fields));
        if (change.content !== undefined) lines.push(...markdownContent(change.content, !flagged));
      }
      lines.push('');
      return { lines, changes: groups.length };
    });
  });
}

function markdownStacks(stacks: readonly StackDiff[], flagged: boolean): Block[] {
  return stacks.flatMap((stack) =>
    stack.changes.map((change, index) => ({
      lines: [
        ...(index === 0 ? [`##### ${code(stack.stack)}`, ''] : []),
        `- ${change.change} ${code(`${change.type} ${change.logicalId}`)}${resourceTags(change).replace(/^ +\[(.*)\]$/, ' (**$1**)')}`,
        ...markdownFields(change.fields),
        ...(change.content !== undefined ? markdownContent(change.content, !flagged) : []),
        ...(index === stack.changes.length - 1 ? [''] : []),
      ],
      changes: 1,
    })),
  );
}

/**
 * Markdown for a pull-request comment: a summary, then the changes to review first (isolation
 * objects, AWS IAM, security groups, replacements), then the rest, Kubernetes then AWS. Past
 * `maxLength` whole entries are left out, counted, and the full diff named.
 */
export function formatMarkdown(diff: RenderDiff, heading: DiffHeading, aws: AwsLayerDiff = { skipped: 'not requested' }, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? 60_000;
  const parts = partition(diff, aws);
  const head = ['### Rendered diff', '', `Compared with ${heading.base}: ${renderSummary(diff, parts.groups)}.`, '', `${awsSummary(aws)}.`, ''];
  const sections: [string, Block[]][] = [
    [ISOLATION_HEADING, markdownClusterSets(parts.flaggedSets, diff.clusters, true)],
    [AWS_FLAGGED_HEADING, markdownStacks(parts.flaggedStacks, true)],
    ['Kubernetes objects', markdownClusterSets(parts.otherSets, diff.clusters, false)],
    ['AWS layer (CloudFormation)', markdownStacks(parts.otherStacks, false)],
  ];
  const pointer = options.fullDiff ?? 'the job summary, or `npm run diff` locally';
  // Room for the note that says what was left out.
  const budget = maxLength - 400 - pointer.length;
  const body: string[] = [];
  let length = head.join('\n').length;
  let omitted = 0;
  for (const [title, blocks] of sections) {
    if (blocks.length === 0) continue;
    const titleLines = [`#### ${title}`, ''];
    let titled = false;
    for (const block of blocks) {
      const lines = titled ? block.lines : [...titleLines, ...block.lines];
      const size = lines.join('\n').length + 1;
      if (omitted > 0 || length + size > budget) {
        omitted += block.changes;
        continue;
      }
      body.push(...lines);
      length += size;
      titled = true;
    }
  }
  if (omitted > 0) body.push(`_${omitted} more change(s) left out to stay under GitHub's comment size limit; the full diff is in ${pointer}._`, '');
  return `${[...head, ...body].join('\n').trimEnd()}\n`;
}
