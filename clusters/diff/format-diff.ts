import { commonSubsequence, FieldChange } from './value-diff';
import { DocumentChange, FolderDiff, RenderDiff } from './render-diff';

/** How the diff is titled: which base it was compared with. */
export interface DiffHeading {
  /** What the render was compared with, e.g. `dist/ at 1a2b3c4 (merge base with main)`. */
  readonly base: string;
}

/** Longest value shown in full; longer ones are cut (multi-line strings are shown line by line). */
const MAX_VALUE_LENGTH = 200;
/** Lines of a multi-line string change shown before the rest is summarised. */
const MAX_CHANGED_LINES = 40;

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

function summary(diff: RenderDiff): string {
  const parts = (['changed', 'added', 'removed', 'moved'] as const).filter((kind) => diff.counts[kind] > 0).map((kind) => `${diff.counts[kind]} ${kind}`);
  return parts.length === 0 ? 'no rendered object changes' : `${parts.join(', ')} object(s)`;
}

function changeTitle(change: DocumentChange): string {
  return change.change === 'moved' ? `moved ${change.id} (from ${change.from})` : `${change.change} ${change.id}`;
}

const SYMBOL = { added: '+', removed: '-', changed: '~', moved: '>' } as const;

/** Plain text for a terminal. */
export function formatText(diff: RenderDiff, heading: DiffHeading): string {
  const lines = [`Rendered diff against ${heading.base}: ${summary(diff)}.`];
  let cluster = '';
  for (const folder of diff.folders) {
    if (folder.cluster !== cluster) {
      cluster = folder.cluster;
      lines.push('', cluster);
    }
    lines.push(`  ${folder.folder}`);
    for (const change of folder.changes) {
      lines.push(`    ${SYMBOL[change.change]} ${change.change === 'moved' ? `${change.id} (moved from ${change.from})` : change.id}`);
      for (const field of change.fields) {
        if (isMultiline(field)) {
          lines.push(`        ${field.path}:`);
          for (const line of changedLines(String(field.before), String(field.after))) lines.push(`          ${line}`);
        } else {
          lines.push(`        ${field.path}: ${fieldSentence(field)}`);
        }
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text.includes('`') ? ` ${text} ` : text}${fence}`;
}

function markdownFolder(folder: FolderDiff): string[] {
  const lines = [`**${code(folder.folder)}**`, ''];
  for (const change of folder.changes) {
    lines.push(`- ${changeTitle(change).replace(change.id, code(change.id))}`);
    for (const field of change.fields) {
      if (isMultiline(field)) {
        lines.push(`  - ${code(field.path || '.')}:`, '', '    ```diff', ...changedLines(String(field.before), String(field.after)).map((line) => `    ${line}`), '    ```', '');
      } else if (!('before' in field)) lines.push(`  - ${code(field.path || '.')}: added ${code(show(field.after))}`);
      else if (!('after' in field)) lines.push(`  - ${code(field.path || '.')}: removed (was ${code(show(field.before))})`);
      else lines.push(`  - ${code(field.path || '.')}: ${code(show(field.before))} → ${code(show(field.after))}`);
    }
  }
  lines.push('');
  return lines;
}

/**
 * Markdown for a pull-request comment. GitHub refuses comments over 65,536 characters: past
 * `maxLength` whole folders are left out and counted at the end.
 */
export function formatMarkdown(diff: RenderDiff, heading: DiffHeading, maxLength = 60_000): string {
  const head = [`### Rendered diff`, '', `Compared with ${heading.base}: ${summary(diff)}.`, ''];
  const body: string[] = [];
  let length = head.join('\n').length;
  let cluster = '';
  let omitted = 0;
  for (const folder of diff.folders) {
    const section = [...(folder.cluster !== cluster ? [`#### ${folder.cluster}`, ''] : []), ...markdownFolder(folder)];
    const size = section.join('\n').length + 1;
    if (omitted > 0 || length + size > maxLength) {
      omitted += folder.changes.length;
      continue;
    }
    cluster = folder.cluster;
    body.push(...section);
    length += size;
  }
  if (omitted > 0) body.push(`_${omitted} more change(s) left out to fit a comment; run \`npm run diff\` to see them all._`, '');
  return `${[...head, ...body].join('\n').trimEnd()}\n`;
}
