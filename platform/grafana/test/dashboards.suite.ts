import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { renderFleet } from '../../../clusters/render/render-fleet';
import { ampRuleFile } from '../../alerts/rule-file';
import { isAlertingRule } from '../../alerts/rule-types';
import { CLOUDWATCH_METRICS_NAMESPACE } from '../../telemetry/cloudwatch-metrics';
import type { GrafanaVersion } from '../../../clusters/fleet/fleet-schema';
import { dataSourceType } from '../data-source-types';
import { dashboardJson, DASHBOARDS, fleetDashboards } from '../dashboards/fleet-dashboards';
import { ampSeriesNames, cloudWatchMetrics } from '../metric-catalogue';
import { exampleFleet, grafanaObjects } from './fixtures';
import { labelValuesProblems, modelProblems } from './model-check';
import { labelValuesSelector, parsePromql } from './promql';

/**
 * Highest dashboard schemaVersion each supported Grafana accepts (Grafana 10.4's migrator goes up
 * to 39, Grafana 12's to 41). A dashboard with a higher version is refused or mis-read by that
 * Grafana; lower versions are migrated forward when loaded.
 */
const MAX_SCHEMA_VERSION: Readonly<Record<GrafanaVersion, number>> = { '10.4': 39, '12.4': 41 };

interface Target {
  readonly expr?: string;
  readonly datasource?: { uid?: string };
  readonly metricName?: string;
  readonly namespace?: string;
  readonly dimensions?: Record<string, string>;
  readonly queryType?: string;
}
interface Panel {
  readonly type: string;
  readonly title: string;
  readonly datasource?: { type?: string; uid?: string };
  readonly targets?: Target[];
  readonly options?: { legend?: unknown };
}
interface Variable {
  readonly name: string;
  readonly type: string;
  readonly query?: unknown;
  readonly datasource?: { uid?: string };
}
interface DashboardJson {
  readonly uid: string;
  readonly schemaVersion: number;
  readonly panels: Panel[];
  readonly templating: { list: Variable[] };
}

const fleet = exampleFleet();
const dashboards = fleetDashboards(fleet).map((rendered) => ({ rendered, json: JSON.parse(dashboardJson(rendered)) as DashboardJson }));
const contentPanels = (json: DashboardJson) => json.panels.filter((panel) => panel.type !== 'row');
const promExpressions = (json: DashboardJson) => contentPanels(json).flatMap((panel) => (panel.targets ?? []).flatMap((target) => (target.expr ? [target.expr] : [])));
const variableSelectors = (json: DashboardJson) =>
  json.templating.list.flatMap((variable) => (typeof variable.query === 'string' ? [labelValuesSelector(variable.query)].filter((query): query is string => Boolean(query)) : []));

/** Names a PromQL expression may use on the AMP path: scraped series and recorded rules. */
function ampProducedNames(): Set<string> {
  const recorded = ampRuleFile(fleet).groups.flatMap((group) => group.rules.filter((rule) => !isAlertingRule(rule)).map((rule) => ('record' in rule ? rule.record : '')));
  return new Set([...ampSeriesNames().keys(), ...recorded]);
}

/** Metric names in `expressions` that nothing on the AMP path produces. */
function unproducedNames(expressions: readonly string[]): string[] {
  const produced = ampProducedNames();
  return expressions.flatMap((expression) => parsePromql(expression).metricNames).filter((name) => !produced.has(name));
}

describe('dashboards', () => {
  it('renders every dashboard for the example fleet, each with the UID its definition declares', () => {
    expect(dashboards.map(({ json }) => json.uid).sort()).toEqual(DASHBOARDS.map((definition) => definition.uid).sort());
    for (const { rendered, json } of dashboards) expect(json.uid).toBe(rendered.definition.uid);
  });

  it('uses a schemaVersion the workspace Grafana version accepts', () => {
    const max = MAX_SCHEMA_VERSION[fleet.grafana.version];
    expect(max).toBeDefined();
    for (const { json } of dashboards) expect(json.schemaVersion).toBeLessThanOrEqual(max);
  });

  it('has $datasource of the data path\'s plugin type and $cluster on every dashboard', () => {
    for (const { rendered, json } of dashboards) {
      const names = json.templating.list.map((variable) => variable.name);
      expect(names).toEqual(expect.arrayContaining(['datasource', 'cluster']));
      const datasource = json.templating.list.find((variable) => variable.name === 'datasource');
      expect(datasource?.type).toBe('datasource');
      expect(datasource?.query).toBe(dataSourceType(rendered.definition.dataPath, fleet.grafana.version));
    }
  });

  it('gives every panel the $datasource variable as data source, and hard-codes no data source UID anywhere', () => {
    for (const { rendered, json } of dashboards) {
      for (const panel of contentPanels(json)) {
        expect({ panel: panel.title, datasource: panel.datasource }).toEqual({
          panel: panel.title,
          datasource: { type: dataSourceType(rendered.definition.dataPath, fleet.grafana.version), uid: '${datasource}' },
        });
        expect(panel.targets?.length ?? 0).toBeGreaterThan(0);
      }
      const uids = [...JSON.stringify(json).matchAll(/"uid":"([^"]*)"/g)].map((match) => match[1]).filter((uid) => uid !== json.uid);
      expect(uids.every((uid) => uid === '${datasource}')).toBe(true);
    }
  });

  it('writes every PromQL query so that it parses (Grafana macros substituted)', () => {
    for (const { json } of dashboards) {
      for (const expression of [...promExpressions(json), ...variableSelectors(json)]) {
        expect({ expression, errors: parsePromql(expression).errors }).toEqual({ expression, errors: [] });
      }
    }
    expect(parsePromql('sum(rate(ho11y_total[$__rate_interval])').errors.length).toBeGreaterThan(0);
  });

  it('uses $__rate_interval (or $__range for totals) for every range in a query', () => {
    for (const { json } of dashboards) {
      for (const expression of promExpressions(json)) {
        const ranges = [...expression.matchAll(/\[([^\]]+)\]/g)].map((match) => match[1]);
        expect({ expression, ranges: ranges.filter((range) => range !== '$__rate_interval' && range !== '$__range') }).toEqual({ expression, ranges: [] });
      }
    }
  });

  it('queries on the AMP path only metrics a scrape job or a shipped recording rule produces', () => {
    const amp = dashboards.filter(({ rendered }) => rendered.definition.dataPath === 'amp');
    expect(amp.length).toBeGreaterThan(0);
    for (const { json } of amp) {
      expect({ uid: json.uid, unproduced: unproducedNames([...promExpressions(json), ...variableSelectors(json)]) }).toEqual({ uid: json.uid, unproduced: [] });
    }
    expect(unproducedNames(['rate(ho11y_requests_total[5m])'])).toEqual(['ho11y_requests_total']);
  });

  it('queries on the AMP path only labels, label values and bucket bounds the exporter models produce (the "No data" check)', () => {
    const rules = ampRuleFile(fleet).groups.flatMap((group) => [...group.rules]);
    const recorded = new Map(
      rules.filter((rule) => !isAlertingRule(rule)).map((rule) => ['record' in rule ? rule.record : '', (/by \(([^)]*)\)/.exec(rule.expr)?.[1] ?? '').split(',').map((label) => label.trim())]),
    );
    const amp = dashboards.filter(({ rendered }) => rendered.definition.dataPath === 'amp');
    for (const { json } of amp) {
      for (const panel of contentPanels(json)) {
        for (const expression of (panel.targets ?? []).flatMap((target) => (target.expr ? [target.expr] : []))) {
          expect({ uid: json.uid, panel: panel.title, problems: modelProblems(expression, recorded) }).toEqual({ uid: json.uid, panel: panel.title, problems: [] });
        }
      }
      for (const variable of json.templating.list.filter((candidate) => typeof candidate.query === 'string')) {
        expect({ uid: json.uid, variable: variable.name, problems: labelValuesProblems(String(variable.query), recorded) }).toEqual({ uid: json.uid, variable: variable.name, problems: [] });
      }
    }
    expect(modelProblems('otelcol_process_memory_rss_bytes{job="otel-collector"}')).toHaveLength(1);
    expect(labelValuesProblems('label_values(node_load1{job="node-exporter"}, pod)')).toHaveLength(1);
    // Only the pod sandbox reports network counters: a real-container filter leaves nothing.
    expect(modelProblems('container_network_receive_bytes_total{job="kubelet", container!=""}')).toHaveLength(1);
  });

  it('counts only server errors as errors, requests of pods still holding them, and restarts at a rate independent of the zoom', () => {
    const queries = (uid: string, title: string) =>
      dashboards
        .filter(({ json }) => json.uid === uid)
        .flatMap(({ json }) => contentPanels(json).filter((panel) => panel.title === title))
        .flatMap((panel) => (panel.targets ?? []).map((target) => target.expr ?? ''));
    const errorQueries = queries('ho11y-service-health', 'Error ratio by status code');
    expect(errorQueries.length).toBe(1);
    expect(errorQueries[0]).toContain('http_status_code=~"5.."');
    const requestQueries = dashboards.flatMap(({ json }) => promExpressions(json)).filter((expression) => /kube_pod_container_resource_(requests|limits)/.test(expression));
    expect(requestQueries.length).toBeGreaterThan(0);
    for (const expression of requestQueries) expect({ expression, joinsActivePhase: expression.includes('phase=~"Pending|Running"') }).toEqual({ expression, joinsActivePhase: true });
    for (const expression of dashboards.flatMap(({ json }) => promExpressions(json))) {
      expect({ expression, zoomDependent: /increase\([^)]*\[\$__rate_interval\]\)/.test(expression) }).toEqual({ expression, zoomDependent: false });
    }
  });

  it('plots CloudWatch CPU in cores: CPU seconds of a period divided by the period', () => {
    const cpuPanels = dashboards
      .filter(({ rendered }) => rendered.definition.dataPath === 'cloudwatch')
      .flatMap(({ json }) => contentPanels(json))
      .filter((panel) => (panel.targets ?? []).some((target) => target.metricName === 'container_cpu_usage_seconds_total'));
    expect(cpuPanels.length).toBeGreaterThan(0);
    for (const panel of cpuPanels) {
      const seconds = (panel.targets ?? []).find((target) => target.metricName === 'container_cpu_usage_seconds_total') as Target & { id?: string; hide?: boolean };
      const math = (panel.targets ?? []).find((target) => (target as { expression?: string }).expression) as { expression?: string } | undefined;
      expect({ panel: panel.title, hidden: seconds.hide, expression: math?.expression }).toEqual({ panel: panel.title, hidden: true, expression: `${seconds.id} / PERIOD(${seconds.id})` });
    }
  });

  it('queries on the CloudWatch path only declared metrics, by a declared dimension set, in the EMF namespace', () => {
    const declared = cloudWatchMetrics();
    const check = (target: Target) => {
      const metric = declared.find((candidate) => candidate.name === target.metricName);
      const keys = Object.keys(target.dimensions ?? {}).sort().join(',');
      return Boolean(target.namespace === CLOUDWATCH_METRICS_NAMESPACE && metric?.dimensionSets.some((set) => [...set].sort().join(',') === keys));
    };
    const cloudwatch = dashboards.filter(({ rendered }) => rendered.definition.dataPath === 'cloudwatch');
    expect(cloudwatch.length).toBeGreaterThan(0);
    for (const { json } of cloudwatch) {
      for (const target of contentPanels(json).flatMap((panel) => panel.targets ?? []).filter((candidate) => !(candidate as { expression?: string }).expression)) {
        expect({ metric: target.metricName, dimensions: target.dimensions, declared: check(target) }).toEqual({ metric: target.metricName, dimensions: target.dimensions, declared: true });
      }
    }
    // Variables list dimension values of declared metrics only.
    for (const { json } of cloudwatch) {
      for (const variable of json.templating.list.filter((candidate) => typeof candidate.query === 'object')) {
        const query = variable.query as { namespace?: string; metricName?: string; dimensionKey?: string };
        const metric = declared.find((candidate) => candidate.name === query.metricName);
        expect({ variable: variable.name, namespace: query.namespace, declaredDimension: metric?.dimensionSets.some((set) => set.includes(query.dimensionKey ?? '')) }).toEqual({
          variable: variable.name,
          namespace: CLOUDWATCH_METRICS_NAMESPACE,
          declaredDimension: true,
        });
      }
    }
    expect(check({ namespace: CLOUDWATCH_METRICS_NAMESPACE, metricName: 'ho11y_randval', dimensions: { ClusterName: 'x' } })).toBe(false);
    expect(check({ namespace: CLOUDWATCH_METRICS_NAMESPACE, metricName: 'ho11y_total', dimensions: { ClusterName: 'x', pod: 'y' } })).toBe(false);
  });

  it('builds panels from the shared factories: one legend and data source style per panel type', () => {
    const legends = new Set(dashboards.flatMap(({ json }) => contentPanels(json).filter((panel) => panel.type === 'timeseries').map((panel) => JSON.stringify(panel.options?.legend))));
    expect(legends.size).toBe(1);
  });

  it('writes each dashboard once: the GrafanaDashboard objects embed its JSON and no other rendered file repeats it', () => {
    const files = renderFleet(fleet);
    const embedded = grafanaObjects(fleet).filter((object) => object.kind === 'GrafanaDashboard').map((object) => (object.spec as { json: string }).json);
    expect(embedded.length).toBe(fleetDashboards(fleet).length);
    for (const json of embedded) {
      const title = (JSON.parse(json) as { title: string }).title;
      expect(files.filter((file) => file.content.includes(`"title": ${JSON.stringify(title)}`)).map((file) => file.path)).toEqual([expect.stringMatching(new RegExp(`^${fleet.grafana.managerCluster}/platform/grafana/grafanadashboard-`))]);
    }
  });

  it('renders byte-identical dashboards on every run', () => {
    const first = fleetDashboards(fleet).map(dashboardJson);
    new App();
    expect(fleetDashboards(fleet).map(dashboardJson)).toEqual(first);
  });

  it('lists every dashboard, with its UID, in the README', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    for (const definition of DASHBOARDS) {
      expect({ dashboard: definition.title, listed: readme.includes(`| ${definition.title} | \`${definition.uid}\` |`) }).toEqual({ dashboard: definition.title, listed: true });
    }
  });

  it('leaves out dashboards whose data path the fleet lacks', () => {
    const ampOnly = { ...fleet, clusters: Object.fromEntries(Object.entries(fleet.clusters).map(([name, cluster]) => [name, { ...cluster, metrics: { ...cluster.metrics, sink: 'amp' as const } }])) };
    const uids = fleetDashboards(ampOnly).map((rendered) => rendered.definition.dataPath);
    expect(uids).not.toContain('cloudwatch');
    expect(uids).toContain('amp');
  });
});
