import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Document, isMap, isPair, isScalar, LineCounter, parseDocument, visit, YAMLError } from 'yaml';
import { z } from 'zod';
import { checkFleetRules, FleetProblem, FleetRuleOptions } from './fleet-rules';
import { dnsLabel, Fleet, fleetSchema } from './fleet-schema';
import { editDistance, shapeAt } from './schema-keys';
import { indentationAdvice, keyPathAtLine } from './yaml-layout';

/** Thrown when the fleet file is invalid; carries every problem found, not just the first. */
export class FleetError extends Error {
  public constructor(
    public readonly file: string,
    public readonly problems: readonly LocatedProblem[],
  ) {
    super(formatProblems(file, problems));
    this.name = 'FleetError';
  }
}

export interface LocatedProblem extends FleetProblem {
  /** 1-based line in the file, when the path (or its nearest parent) exists there. */
  readonly line?: number;
  readonly column?: number;
}

export type LoadFleetOptions = FleetRuleOptions;

/** A problem before it is located; `atKey` places it at the key rather than at its value. */
interface PendingProblem extends FleetProblem {
  readonly atKey?: boolean;
}

/** Reads, validates and returns the fleet at `file`; throws a FleetError listing every problem. */
export function loadFleet(file: string, options: LoadFleetOptions = {}): Fleet {
  return parseFleet(readFileSync(file, 'utf8'), file, options);
}

/**
 * Validates fleet YAML text; `file` is used only in messages. Every problem is reported in one
 * pass, each with line, column, path and value: YAML syntax (with the misplaced key and where
 * its neighbours start, for indentation), the schema (with advice for misspelt, misplaced and
 * unquoted values), and the cross-field rules of every section the schema accepted.
 */
export function parseFleet(text: string, file: string, options: LoadFleetOptions = {}): Fleet {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = document.errors.map((error) => syntaxProblem(error, text, document, lineCounter));
  // Problems under a key the YAML parser could not place are consequences of the syntax error.
  const misplaced = syntax.map((problem) => problem.path.join('\u0000')).filter((path) => path !== '');
  const underMisplaced = (problem: FleetProblem) => misplaced.some((path) => `${problem.path.join('\u0000')}\u0000`.startsWith(`${path}\u0000`));
  const locate = (problem: PendingProblem): LocatedProblem => {
    const { atKey, ...rest } = problem;
    return { ...rest, ...position(document, lineCounter, problem.path, atKey === true) };
  };

  const raw: unknown = document.toJS();
  const parsed = fleetSchema.safeParse(raw, { reportInput: true });
  const problems: LocatedProblem[] = inheritedNames(document).map(locate);
  if (parsed.success) {
    problems.push(...checkFleetRules(parsed.data, options).map(locate));
    if (problems.length === 0 && syntax.length === 0) return parsed.data;
  } else {
    const schemaProblems = parsed.error.issues.flatMap((issue) => toProblems(issue, text, document, lineCounter));
    // With a syntax error, a missing key is most likely a key the parser could not place.
    problems.push(...schemaProblems.filter((problem) => !underMisplaced(problem) && !(syntax.length > 0 && problem.value === undefined)).map(locate));
    const { fleet, validSections } = validParts(raw);
    problems.push(...checkFleetRules(fleet, options, validSections).map(locate));
  }
  // Syntax errors first: what follows them may be their consequence.
  throw new FleetError(file, [...syntax, ...sortByPlace(problems)]);
}

/**
 * Keys that every JavaScript object already has (`constructor`, `toString`, `__proto__`, ...):
 * as a name they would be confused with the inherited property (the schema library even drops
 * `__proto__` silently), so each is refused wherever it appears.
 */
function inheritedNames(document: Document): PendingProblem[] {
  const problems: PendingProblem[] = [];
  visit(document, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || !(pair.key.value in Object.prototype)) return;
      const path = [...ancestors.filter(isPair).map((ancestor) => String(isScalar(ancestor.key) ? ancestor.key.value : ancestor.key)), pair.key.value];
      problems.push({ path, value: pair.key.value, message: 'is a property of every JavaScript object, so it cannot be a name here; choose another name', atKey: true });
    },
  });
  return problems;
}

/** The top-level sections that pass the schema on their own, as a fleet to run the rules on. */
function validParts(raw: unknown): { fleet: Fleet; validSections: Set<string> } {
  const input = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const parts: Record<string, unknown> = {};
  const validSections = new Set<string>();
  for (const [section, schema] of Object.entries(fleetSchema.shape)) {
    const result = (schema as z.ZodType).safeParse(input[section]);
    if (result.success) {
      parts[section] = result.data;
      validSections.add(section);
    }
  }
  // Only rules reading valid sections run, so the missing ones are never read.
  return { fleet: parts as Fleet, validSections };
}

function sortByPlace(problems: readonly LocatedProblem[]): LocatedProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function syntaxProblem(error: YAMLError, text: string, document: Document, lineCounter: LineCounter): LocatedProblem {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  const path = keyPathAtLine(document, lineCounter, line) ?? [];
  const value = path.length > 0 ? path[path.length - 1] : undefined;
  if (error.code === 'BAD_INDENT') {
    const advice = indentationAdvice(text, line);
    if (advice) return { path, value, message: `YAML indentation: ${advice}`, line, column: col };
  }
  if (error.code === 'TAB_AS_INDENT') return { path, value, message: 'YAML: a tab is used for indentation; indent with spaces only', line, column: col };
  return { path, value, message: `YAML: ${error.message.split('\n')[0]}`, line, column: col };
}

function describePath(path: readonly (string | number)[]): string {
  return path.length === 0 ? 'the top level of the file' : path.join('.');
}

/** The text of the scalar at `path`, as written in the file (`1.30`, not 1.3). */
function sourceText(text: string, document: Document, path: readonly (string | number)[]): string | undefined {
  const node = document.getIn(path, true);
  return isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]).trim() : undefined;
}

/** Advice for a key the schema does not know at `parent`: misplaced (indentation) or misspelt. */
function unknownKeyMessage(parent: readonly (string | number)[], key: string, document: Document, lineCounter: LineCounter): string {
  const here = shapeAt(fleetSchema, parent);
  const known = here.kind === 'object' ? here.keys : [];
  const knownList = known.length > 0 ? ` (known: ${known.join(', ')})` : '';
  for (let depth = parent.length - 1; depth >= 0; depth--) {
    const ancestor = parent.slice(0, depth);
    const shape = shapeAt(fleetSchema, ancestor);
    if (shape.kind === 'object' && shape.keys.includes(key)) {
      const sibling = keyPlace(document, lineCounter, parent.slice(0, depth + 1));
      return `is not a key of ${describePath(parent)}${knownList} but of ${describePath(ancestor)}: it is indented too far${sibling ? `; start it at column ${sibling.column}, like "${parent[depth]}" (line ${sibling.line})` : ''}`;
    }
  }
  const close = known.filter((candidate) => editDistance(candidate, key) <= 2);
  if (close.length > 0) return `is not a key of ${describePath(parent)}; did you mean "${close[0]}"?${knownList}`;
  for (let depth = parent.length - 1; depth >= 0; depth--) {
    const ancestor = parent.slice(0, depth);
    if (shapeAt(fleetSchema, ancestor).kind === 'map' && dnsLabel.safeParse(key).success) {
      const sibling = keyPlace(document, lineCounter, parent.slice(0, depth + 1));
      return `is not a key of ${describePath(parent)}${knownList}; if "${key}" is another entry of ${describePath(ancestor)}, it is indented too far${sibling ? `: start it at column ${sibling.column}, like "${parent[depth]}" (line ${sibling.line})` : ''}`;
    }
  }
  return `is not a key of ${describePath(parent)}${knownList}; remove it or check its spelling and indentation`;
}

/** YAML reads `1.35`, `10.4` or `012345678901` unquoted as numbers; say so, with the quoted text. */
function quoteAdvice(text: string, document: Document, path: readonly (string | number)[], input: unknown, expected: string): string {
  const written = sourceText(text, document, path) ?? String(input);
  return `must be a quoted string${expected}: write "${written}" (YAML reads an unquoted ${written} as the number ${String(input)})`;
}

function toProblems(issue: z.core.$ZodIssue, text: string, document: Document, lineCounter: LineCounter): PendingProblem[] {
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  const numeric = typeof issue.input === 'number' || typeof issue.input === 'boolean';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], value: (issue.input as Record<string, unknown> | undefined)?.[key], message: unknownKeyMessage(path, key, document, lineCounter), atKey: true }));
    case 'invalid_key':
      return [{ path, value: path[path.length - 1], message: `as a name ${issue.issues[0]?.message ?? 'is invalid'}`, atKey: true }];
    case 'invalid_type':
      if (issue.input === undefined) {
        return [{ path, value: undefined, message: `is required (${issue.expected})` }];
      }
      if (issue.expected === 'string' && numeric) {
        // A schema's own message (account ids) already says how to quote.
        return [{ path, value: issue.input, message: issue.message.startsWith('Invalid input') ? quoteAdvice(text, document, path, issue.input, '') : issue.message }];
      }
      return [{ path, value: issue.input, message: issue.message.startsWith('Invalid input') ? `must be ${issue.expected}` : issue.message }];
    case 'invalid_value':
      if (numeric && issue.values.every((value) => typeof value === 'string')) {
        return [{ path, value: issue.input, message: quoteAdvice(text, document, path, issue.input, `, one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`) }];
      }
      return [{ path, value: issue.input, message: issue.message }];
    default:
      return [{ path, value: issue.input, message: issue.message }];
  }
}

/** Line and column of the key that ends `path`, when the path exists in the document. */
function keyPlace(document: Document, lineCounter: LineCounter, path: readonly (string | number)[]): { line: number; column: number } | undefined {
  if (path.length === 0) return undefined;
  const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(path[path.length - 1]));
  const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
  if (!range) return undefined;
  const { line, col } = lineCounter.linePos(range[0]);
  return { line, column: col };
}

/** Line and column of `path` (its key when `atKey`), or of the deepest part of it that exists in the document. */
function position(document: Document, lineCounter: LineCounter, path: readonly (string | number)[], atKey: boolean): { line?: number; column?: number } {
  if (atKey) {
    const place = keyPlace(document, lineCounter, path);
    if (place) return place;
  }
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) {
      const { line, col } = lineCounter.linePos(range[0]);
      return { line, column: col };
    }
  }
  return {};
}

export function formatProblems(file: string, problems: readonly LocatedProblem[]): string {
  const shown = relative(process.cwd(), file) || file;
  const lines = problems.map((problem) => {
    const where = problem.line ? `${shown}:${problem.line}:${problem.column ?? 1}` : shown;
    const path = problem.path.length > 0 ? problem.path.join('.') : '(file)';
    const value = problem.value === undefined ? '' : ` = ${JSON.stringify(problem.value)}`;
    return `  ${where}  ${path}${value}: ${problem.message}`;
  });
  return `${problems.length} problem${problems.length === 1 ? '' : 's'} in the fleet file; nothing was rendered:\n${lines.join('\n')}`;
}
