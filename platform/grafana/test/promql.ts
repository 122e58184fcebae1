import { parser } from '@prometheus-io/lezer-promql';

/**
 * PromQL checks shared by the dashboard and rule tests. lezer never throws: a bad expression
 * parses into a tree with error nodes, so the tree is walked for them.
 */

/** Grafana macros and variables replaced by sample values, so the text is plain PromQL. */
const MACROS: readonly [RegExp, string][] = [
  [/\$__rate_interval|\$__interval|\$__range/g, '5m'],
  [/\$\{(\w+)(:\w+)?\}/g, 'value'],
  [/\$(\w+)/g, 'value'],
];

export function withoutGrafanaMacros(expression: string): string {
  return MACROS.reduce((text, [pattern, value]) => text.replace(pattern, value), expression);
}

export interface ParsedPromql {
  /** Positions of syntax errors; empty when the expression parses. */
  readonly errors: readonly number[];
  /** Metric names of every vector selector. */
  readonly metricNames: readonly string[];
}

export function parsePromql(expression: string): ParsedPromql {
  const text = withoutGrafanaMacros(expression);
  const tree = parser.parse(text);
  const errors: number[] = [];
  const metricNames: string[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) errors.push(cursor.from);
    if (cursor.name === 'VectorSelector') {
      const identifier = cursor.node.getChild('Identifier');
      if (identifier) metricNames.push(text.slice(identifier.from, identifier.to));
    }
  } while (cursor.next());
  if (text.trim().length === 0) errors.push(0);
  return { errors, metricNames };
}

/** `label_values(<selector>, <label>)` -> the selector; undefined for other variable queries. */
export function labelValuesSelector(query: string): string | undefined {
  return /^label_values\((.+),\s*\w+\)$/.exec(query)?.[1];
}
