import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Document, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { checkFleetRules, FleetProblem, FleetRuleOptions } from './fleet-rules';
import { Fleet, fleetSchema } from './fleet-schema';

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

/** Reads, validates and returns the fleet at `file`; throws a FleetError listing every problem. */
export function loadFleet(file: string, options: LoadFleetOptions = {}): Fleet {
  return parseFleet(readFileSync(file, 'utf8'), file, options);
}

/** Validates fleet YAML text; `file` is used only in messages. */
export function parseFleet(text: string, file: string, options: LoadFleetOptions = {}): Fleet {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new FleetError(
      file,
      document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return { path: [], value: undefined, message: `YAML: ${error.message.split('\n')[0]}`, line: position.line, column: position.col };
      }),
    );
  }
  const locate = (problem: FleetProblem): LocatedProblem => ({ ...problem, ...position(document, lineCounter, problem.path) });

  const parsed = fleetSchema.safeParse(document.toJS(), { reportInput: true });
  if (!parsed.success) {
    throw new FleetError(file, parsed.error.issues.flatMap(toProblems).map(locate));
  }
  const problems = checkFleetRules(parsed.data, options);
  if (problems.length > 0) {
    throw new FleetError(file, problems.map(locate));
  }
  return parsed.data;
}

function toProblems(issue: z.core.$ZodIssue): FleetProblem[] {
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], value: (issue.input as Record<string, unknown> | undefined)?.[key], message: 'is not a known key; remove it or check its spelling' }));
    case 'invalid_key':
      return [{ path, value: path[path.length - 1], message: `as a name ${issue.issues[0]?.message ?? 'is invalid'}` }];
    case 'invalid_type':
      if (issue.input === undefined) {
        return [{ path, value: undefined, message: `is required (${issue.expected})` }];
      }
      return [{ path, value: issue.input, message: issue.message.startsWith('Invalid input') ? `must be ${issue.expected}` : issue.message }];
    default:
      return [{ path, value: issue.input, message: issue.message }];
  }
}

/** Line and column of the deepest node of `path` that exists in the document. */
function position(document: Document, lineCounter: LineCounter, path: readonly (string | number)[]): { line?: number; column?: number } {
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
