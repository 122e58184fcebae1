import { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import * as cloudwatch from '@grafana/grafana-foundation-sdk/cloudwatch';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as nodegraph from '@grafana/grafana-foundation-sdk/nodegraph';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { DATASOURCE_VARIABLE } from './variables';
import { XrayQueryBuilder, XrayQueryType } from './xray-query';

/**
 * The few panel and query factories every dashboard is built from, so that defaults (data source,
 * legend, sizes) are written once, as in the foundation SDK's examples.
 */

/** Every panel reads the dashboard's `$datasource` variable, never a data source UID. */
export function datasourceRef(pluginType: string): dashboard.DataSourceRef {
  return { type: pluginType, uid: `\${${DATASOURCE_VARIABLE}}` };
}

export interface PanelProps {
  readonly title: string;
  /** Shown in the panel's info tooltip: what the panel answers. */
  readonly description: string;
  /** Plugin type of the dashboard's `$datasource`. */
  readonly datasourceType: string;
  readonly targets: readonly Builder<Dataquery>[];
  /** Grafana unit id. Default: short. */
  readonly unit?: string;
  /** Width in grid columns (24 is the full width). Default: 12. */
  readonly width?: number;
  /** Height in grid rows. Default: 8. */
  readonly height?: number;
}

const DEFAULT_WIDTH = 12;
const DEFAULT_HEIGHT = 8;

/** A time series with a table legend showing mean and max, the common case. */
export function timeseriesPanel(props: PanelProps & { readonly stacked?: boolean; readonly min?: number; readonly max?: number }): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(props.title)
    .description(props.description)
    .datasource(datasourceRef(props.datasourceType))
    .targets([...props.targets])
    .unit(props.unit ?? 'short')
    .span(props.width ?? DEFAULT_WIDTH)
    .height(props.height ?? DEFAULT_HEIGHT)
    .fillOpacity(props.stacked ? 30 : 10)
    .legend(
      new common.VizLegendOptionsBuilder()
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Bottom)
        .showLegend(true)
        .calcs(['mean', 'max']),
    );
  if (props.stacked) panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  if (props.min !== undefined) panel.min(props.min);
  if (props.max !== undefined) panel.max(props.max);
  return panel;
}

/** A single number (the last value) with a sparkline. */
export function statPanel(props: PanelProps): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .title(props.title)
    .description(props.description)
    .datasource(datasourceRef(props.datasourceType))
    .targets([...props.targets])
    .unit(props.unit ?? 'short')
    .span(props.width ?? 6)
    .height(props.height ?? 4)
    .graphMode(common.BigValueGraphMode.Area)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
}

/** A table of the targets' rows. */
export function tablePanel(props: PanelProps): table.PanelBuilder {
  return new table.PanelBuilder()
    .title(props.title)
    .description(props.description)
    .datasource(datasourceRef(props.datasourceType))
    .targets([...props.targets])
    .unit(props.unit ?? 'short')
    .span(props.width ?? 24)
    .height(props.height ?? DEFAULT_HEIGHT)
    .showHeader(true);
}

/** A node graph (service map). */
export function nodeGraphPanel(props: PanelProps): nodegraph.PanelBuilder {
  return new nodegraph.PanelBuilder()
    .title(props.title)
    .description(props.description)
    .datasource(datasourceRef(props.datasourceType))
    .targets([...props.targets])
    .span(props.width ?? 24)
    .height(props.height ?? 12);
}

/** A PromQL range query; `legend` uses Grafana's `{{label}}` syntax. */
export function promQuery(expr: string, legend: string, refId = 'A'): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder().expr(expr).legendFormat(legend).range().refId(refId);
}

/** A PromQL instant query, for tables. */
export function promInstantQuery(expr: string, refId = 'A'): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder().expr(expr).instant().format(prometheus.PromQueryFormat.Table).legendFormat('__auto').refId(refId);
}

export interface CloudWatchQueryProps {
  readonly namespace: string;
  readonly metricName: string;
  /** Dimension name -> value (a `$variable` or `*`); exactly one declared dimension set. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** CloudWatch statistic. Default: Sum. */
  readonly statistic?: string;
  /** Series label; may use `${PROP('Dim.Service')}`. */
  readonly label: string;
  readonly refId?: string;
  /** Id a math expression of the same panel refers to it by; with `hidden`, only the expression is drawn. */
  readonly id?: string;
  readonly hidden?: boolean;
}

/** A CloudWatch metric-search query that matches the declared dimension set exactly. */
export function cloudWatchQuery(props: CloudWatchQueryProps): cloudwatch.CloudWatchMetricsQueryBuilder {
  const query = new cloudwatch.CloudWatchMetricsQueryBuilder()
    .queryMode(cloudwatch.CloudWatchQueryMode.Metrics)
    .metricQueryType(cloudwatch.MetricQueryType.Search)
    .metricEditorMode(cloudwatch.MetricEditorMode.Builder)
    .region('default')
    .namespace(props.namespace)
    .metricName(props.metricName)
    .dimensions({ ...props.dimensions })
    .matchExact(true)
    .statistic(props.statistic ?? 'Sum')
    .label(props.label)
    .refId(props.refId ?? 'A');
  if (props.id) query.id(props.id);
  if (props.hidden) query.hide(true);
  return query;
}

/** A CloudWatch metric math expression over the queries of the same panel, by their ids. */
export function cloudWatchMathQuery(expression: string, refId: string): cloudwatch.CloudWatchMetricsQueryBuilder {
  return new cloudwatch.CloudWatchMetricsQueryBuilder()
    .queryMode(cloudwatch.CloudWatchQueryMode.Metrics)
    .metricQueryType(cloudwatch.MetricQueryType.Search)
    .metricEditorMode(cloudwatch.MetricEditorMode.Code)
    .region('default')
    .expression(expression)
    .refId(refId);
}

/** An X-Ray query. */
export function xrayQuery(queryType: XrayQueryType, filter = '', refId = 'A'): XrayQueryBuilder {
  return new XrayQueryBuilder(queryType).filter(filter).refId(refId);
}

/** A collapsible row heading. */
export function row(title: string): dashboard.RowBuilder {
  return new dashboard.RowBuilder(title);
}
