import { RelabelConfig, ScrapeConfig } from '../../../../charts/prometheus-scrape-config';

/**
 * A small re-implementation of Prometheus' relabeling and target labelling
 * (https://prometheus.io/docs/prometheus/latest/configuration/configuration/#relabel_config), so
 * tests can run the rendered scrape jobs over discovered targets. It covers the actions this
 * repository uses plus the label-name ones, with Prometheus' defaults and fully anchored regexes.
 */
export type Labels = Record<string, string>;

/** One scraped endpoint, after relabeling. */
export interface ScrapeTarget {
  readonly job: string;
  readonly jobName: string;
  readonly scheme: string;
  readonly address: string;
  readonly metricsPath: string;
  /** Labels every series of the target carries (no `__` labels). */
  readonly labels: Labels;
}

/** Undo the collector's `$$` escaping; a `${...}` reference in a scrape config is a mistake. */
export function collectorExpand<T>(value: T): T {
  if (typeof value === 'string') {
    if (/(^|[^$])\$\{/.test(value.replace(/\$\$/g, ''))) {
      throw new Error(`"${value}" references an environment variable inside a scrape config`);
    }
    return value.replace(/\$\$/g, '$') as T;
  }
  if (Array.isArray(value)) return value.map((item) => collectorExpand(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, collectorExpand(item)])) as T;
  }
  return value;
}

function anchored(regex: string): RegExp {
  return new RegExp(`^(?:${regex})$`);
}

/** Go's `Regexp.Expand`: `$1`, `${1}`, `$name`, `$$`. */
function expand(template: string, match: RegExpExecArray): string {
  return template.replace(/\$\$|\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare ?? '';
    const value = /^\d+$/.test(name) ? match[Number(name)] : match.groups?.[name];
    return value ?? '';
  });
}

/** Applies relabel rules; `undefined` when a keep/drop rule discards the target. */
export function relabel(input: Labels, rules: readonly RelabelConfig[]): Labels | undefined {
  let labels: Labels = { ...input };
  for (const rule of rules) {
    const action = rule.action ?? 'replace';
    const regex = anchored(rule.regex ?? '(.*)');
    const value = (rule.source_labels ?? []).map((name) => labels[name] ?? '').join(rule.separator ?? ';');
    switch (action) {
      case 'keep':
        if (!regex.test(value)) return undefined;
        break;
      case 'drop':
        if (regex.test(value)) return undefined;
        break;
      case 'replace': {
        const match = regex.exec(value);
        if (!match) break;
        if (rule.target_label === undefined) throw new Error('replace needs target_label');
        const target = expand(rule.target_label, match);
        const result = expand(rule.replacement ?? '$1', match);
        if (result === '') delete labels[target];
        else labels[target] = result;
        break;
      }
      case 'labelmap': {
        const mapped: Labels = { ...labels };
        for (const [name, labelValue] of Object.entries(labels)) {
          const match = regex.exec(name);
          if (match) mapped[expand(rule.replacement ?? '$1', match)] = labelValue;
        }
        labels = mapped;
        break;
      }
      case 'labeldrop':
        labels = Object.fromEntries(Object.entries(labels).filter(([name]) => !regex.test(name)));
        break;
      case 'labelkeep':
        labels = Object.fromEntries(Object.entries(labels).filter(([name]) => regex.test(name)));
        break;
      default:
        throw new Error(`relabel action ${String(action)} is not modelled`);
    }
  }
  return labels;
}

/**
 * What Prometheus makes of one discovered target under `config`: defaults from the scrape config,
 * relabeling, then `instance` defaulting to the address and `__` labels removed.
 */
export function scrapeTarget(config: ScrapeConfig, discovered: Labels): ScrapeTarget | undefined {
  const initial: Labels = {
    job: config.job_name,
    __scheme__: config.scheme ?? 'http',
    __metrics_path__: config.metrics_path ?? '/metrics',
    ...discovered,
  };
  const labels = relabel(initial, config.relabel_configs ?? []);
  if (!labels) return undefined;
  const address = labels.__address__;
  if (!address) throw new Error(`job ${config.job_name}: a target lost its __address__`);
  const visible = Object.fromEntries(Object.entries({ instance: address, ...labels }).filter(([name]) => !name.startsWith('__')));
  return { job: visible.job, jobName: config.job_name, scheme: labels.__scheme__, address, metricsPath: labels.__metrics_path__, labels: visible };
}

/** Where a target is scraped: the same endpoint twice means every series is ingested twice. */
export function endpointOf(target: ScrapeTarget): string {
  return `${target.scheme}://${target.address}${target.metricsPath}`;
}

/**
 * Prometheus keeps one target per distinct label set within a scrape config (targets that relabel
 * to the same labels, such as several ports of one pod rewritten to the annotated port, collapse).
 */
export function distinctTargets(targets: readonly ScrapeTarget[]): ScrapeTarget[] {
  const byKey = new Map<string, ScrapeTarget>();
  for (const target of targets) {
    const key = JSON.stringify([target.jobName, endpointOf(target), Object.entries(target.labels).sort()]);
    if (!byKey.has(key)) byKey.set(key, target);
  }
  return [...byKey.values()];
}
