import { Document, isPair, isScalar, LineCounter, visit } from 'yaml';

/**
 * Where things are in the fleet file's text: the key on a line, the path of that key, and what
 * to tell a reader whose key is indented to a column none of its neighbours use.
 */

/** The key a line starts with (`  name:` or `  - name:`), and the column it starts at (1-based). */
export function keyOnLine(text: string, line: number): { key: string; column: number } | undefined {
  const content = text.split('\n')[line - 1] ?? '';
  const match = /^(\s*(?:-\s+)?)(["']?)([^\s:#"'][^:#"']*?)\2\s*:(\s|$)/.exec(content);
  return match ? { key: match[3], column: match[1].length + match[2].length + 1 } : undefined;
}

/** The path of keys leading to the key that starts on `line`, when there is one. */
export function keyPathAtLine(document: Document, lineCounter: LineCounter, line: number): string[] | undefined {
  let found: string[] | undefined;
  visit(document, {
    Pair(_, pair, ancestors) {
      const key = pair.key;
      if (!isScalar(key) || !key.range || lineCounter.linePos(key.range[0]).line !== line) return undefined;
      found = [...ancestors.filter(isPair).map((ancestor) => String(isScalar(ancestor.key) ? ancestor.key.value : ancestor.key)), String(key.value)];
      return visit.BREAK;
    },
  });
  return found;
}

function indentation(content: string): number {
  return (/^(\s*(?:-\s+)?)/.exec(content)?.[1] ?? '').length;
}

/**
 * Advice for a key indented to a column that none of its neighbours start at: the nearest key
 * above that starts further right (it was maybe meant to nest under a sibling) and the nearest
 * that starts further left (maybe meant as its sibling), with their lines and columns.
 */
export function indentationAdvice(text: string, line: number): string | undefined {
  const misplaced = keyOnLine(text, line);
  if (!misplaced) return undefined;
  const lines = text.split('\n');
  const own = misplaced.column - 1;
  let deeper: { key: string; line: number; column: number } | undefined;
  let shallower: { key: string; line: number; column: number } | undefined;
  for (let index = line - 2; index >= 0 && !shallower; index--) {
    const content = lines[index];
    if (content.trim() === '' || content.trim().startsWith('#')) continue;
    const key = keyOnLine(text, index + 1);
    if (!key) continue;
    const column = indentation(content);
    if (column > own && !deeper) deeper = { key: key.key, line: index + 1, column: key.column };
    if (column < own) shallower = { key: key.key, line: index + 1, column: key.column };
  }
  const neighbours = [deeper && `"${deeper.key}" (line ${deeper.line}) starts at column ${deeper.column}`, shallower && `"${shallower.key}" (line ${shallower.line}) at column ${shallower.column}`].filter(Boolean);
  const fix = shallower ? ` Move it to column ${shallower.column} to make it a sibling of "${shallower.key}"${deeper ? `, or to column ${deeper.column} to nest it beside "${deeper.key}"` : ''}.` : '';
  return `"${misplaced.key}" starts at column ${misplaced.column}, where none of the keys around it start: ${neighbours.join(' and ')}.${fix}`;
}
