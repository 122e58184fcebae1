import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { COLLECTOR_LABELS, formatBound, LabelValues } from '../exporter-models/exporter-model';
import { modelledSeries } from '../metric-catalogue';

/**
 * Checks PromQL against the exporter models: every selector names a series some model produces,
 * every matcher names a label that series carries, equality and regex matchers can match a value
 * the exporter emits (bucket bounds included) and negative ones leave one, and `by (...)` groups by labels the aggregated
 * series carry. Grafana variables (`$cluster`) match anything.
 */

/** Labels a recording rule's output carries. */
export type RecordedSeries = ReadonlyMap<string, readonly string[]>;

const VARIABLE = '__grafana_variable__';

function withoutMacros(expression: string): string {
  return expression
    .replace(/\$__rate_interval|\$__interval|\$__range/g, '5m')
    .replace(/\$\{\w+(:\w+)?\}|\$\w+/g, VARIABLE);
}

type Domain = ReadonlyMap<string, LabelValues>;

/** The label domains a series name can have (one per producing model). */
function domains(name: string, recorded: RecordedSeries): Domain[] {
  const labels = recorded.get(name);
  if (labels) return [new Map(labels.map((label) => [label, 'any' as LabelValues]))];
  return (modelledSeries().get(name) ?? []).map(({ model, family, part }) => {
    const domain = new Map<string, LabelValues>();
    for (const label of COLLECTOR_LABELS) domain.set(label, 'any');
    domain.set('job', [model.job]);
    for (const label of model.targetLabels) domain.set(label, 'any');
    for (const [label, value] of Object.entries(model.fixedLabels ?? {})) domain.set(label, [value]);
    if (family.name !== 'up' && !family.name.startsWith('scrape_')) for (const [label, values] of Object.entries(family.labels)) domain.set(label, values);
    if (part === 'bucket') domain.set('le', [...(family.buckets ?? []).map(formatBound), '+Inf']);
    if (family.type === 'summary' && part === 'value') domain.set('quantile', (family.quantiles ?? []).map(formatBound));
    return domain;
  });
}

interface Matcher {
  readonly label: string;
  readonly op: string;
  readonly value: string;
}

function matcherProblem(domain: Domain, matcher: Matcher): string | undefined {
  if (matcher.label === '__name__') return undefined;
  const values = domain.get(matcher.label);
  if (!values) return `label ${matcher.label} is not on this series`;
  if (values === 'any' || matcher.value.includes(VARIABLE)) return undefined;
  if (matcher.op === '=' && !values.includes(matcher.value)) return `${matcher.label}="${matcher.value}" is never emitted (values: ${values.join(', ') || 'none'})`;
  if (matcher.op === '=~' && !values.some((value) => new RegExp(`^(?:${matcher.value})$`).test(value))) {
    return `${matcher.label}=~"${matcher.value}" matches nothing emitted (values: ${values.join(', ') || 'none'})`;
  }
  if (matcher.op === '!=' && values.every((value) => value === matcher.value)) return `${matcher.label}!="${matcher.value}" excludes every value emitted (values: ${values.map((value) => JSON.stringify(value)).join(', ')})`;
  if (matcher.op === '!~' && values.every((value) => new RegExp(`^(?:${matcher.value})$`).test(value))) {
    return `${matcher.label}!~"${matcher.value}" excludes every value emitted (values: ${values.map((value) => JSON.stringify(value)).join(', ')})`;
  }
  return undefined;
}

function unquote(literal: string): string {
  return JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1).replace(/"/g, '\\"')}"` : literal) as string;
}

function selectorOf(node: SyntaxNode, text: string): { name?: string; matchers: Matcher[] } {
  const identifier = node.getChild('Identifier');
  const matchers: Matcher[] = [];
  const list = node.getChild('LabelMatchers');
  for (const matcher of list?.getChildren('UnquotedLabelMatcher') ?? []) {
    const label = matcher.getChild('LabelName');
    const op = matcher.getChild('MatchOp');
    const value = matcher.getChild('StringLiteral');
    if (label && op && value) matchers.push({ label: text.slice(label.from, label.to), op: text.slice(op.from, op.to), value: unquote(text.slice(value.from, value.to)) });
  }
  return { name: identifier ? text.slice(identifier.from, identifier.to) : undefined, matchers };
}

/** Domains of the series a selector can select after its matchers; problems when none. */
function selectorDomains(node: SyntaxNode, text: string, recorded: RecordedSeries, problems: string[]): Domain[] {
  const { name, matchers } = selectorOf(node, text);
  const selector = text.slice(node.from, node.to);
  if (!name) return [];
  const candidates = domains(name, recorded);
  if (candidates.length === 0) {
    problems.push(`${selector}: no exporter model produces ${name}`);
    return [];
  }
  const surviving = candidates.filter((domain) => matchers.every((matcher) => !matcherProblem(domain, matcher)));
  if (surviving.length === 0) {
    const reasons = [...new Set(candidates.flatMap((domain) => matchers.map((matcher) => matcherProblem(domain, matcher)).filter((reason): reason is string => Boolean(reason))))];
    problems.push(`${selector}: ${reasons.join('; ')}`);
  }
  return surviving;
}

function descendants(node: SyntaxNode, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const cursor = node.cursor();
  const end = node.to;
  do {
    if (cursor.from >= end) break;
    if (cursor.name === name) found.push(cursor.node);
  } while (cursor.next());
  return found;
}

/** Everything in `expression` that the exporter models say cannot return data. */
export function modelProblems(expression: string, recorded: RecordedSeries = new Map()): string[] {
  const text = withoutMacros(expression);
  const tree = parser.parse(text);
  const problems: string[] = [];
  const domainsBySelector = new Map<number, Domain[]>();
  for (const selector of descendants(tree.topNode, 'VectorSelector')) domainsBySelector.set(selector.from, selectorDomains(selector, text, recorded, problems));

  for (const aggregate of descendants(tree.topNode, 'AggregateExpr')) {
    const modifier = aggregate.getChild('AggregateModifier');
    if (!modifier?.getChild('By')) continue;
    const body = aggregate.getChild('FunctionCallBody');
    if (!body) continue;
    const bodyText = text.slice(body.from, body.to);
    if (/label_replace|label_join/.test(bodyText)) continue;
    const inner = descendants(body, 'VectorSelector').flatMap((selector) => domainsBySelector.get(selector.from) ?? []);
    if (inner.length === 0) continue;
    const grouping = modifier.getChild('GroupingLabels');
    for (const label of grouping?.getChildren('LabelName') ?? []) {
      const name = text.slice(label.from, label.to);
      if (!inner.some((domain) => domain.has(name))) problems.push(`${text.slice(aggregate.from, aggregate.to).slice(0, 80)}...: groups by ${name}, which no aggregated series carries`);
    }
  }
  return problems;
}

/** Problems of a `label_values(<selector>, <label>)` variable query. */
export function labelValuesProblems(query: string, recorded: RecordedSeries = new Map()): string[] {
  const match = /^label_values\((.+),\s*(\w+)\)$/.exec(query);
  if (!match) return [];
  const [, selector, label] = match;
  const problems = modelProblems(selector, recorded);
  const tree = parser.parse(withoutMacros(selector));
  const [node] = descendants(tree.topNode, 'VectorSelector');
  const surviving = node ? selectorDomains(node, withoutMacros(selector), recorded, []) : [];
  if (surviving.length > 0 && !surviving.some((domain) => domain.has(label))) problems.push(`${query}: ${label} is not a label of the selected series`);
  return problems;
}
