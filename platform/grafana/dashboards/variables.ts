import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

/** Name of the data source variable every dashboard has; panels refer to `${datasource}`. */
export const DATASOURCE_VARIABLE = 'datasource';
/** Name of the cluster variable every dashboard has. */
export const CLUSTER_VARIABLE = 'cluster';

/**
 * `$datasource`: any data source of `pluginType`, optionally narrowed by a regular expression
 * over data source names (which may itself use variables declared before it).
 */
export function datasourceVariable(pluginType: string, label: string, nameRegex?: string): dashboard.DatasourceVariableBuilder {
  const variable = new dashboard.DatasourceVariableBuilder(DATASOURCE_VARIABLE).label(label).type(pluginType);
  return nameRegex ? variable.regex(nameRegex) : variable;
}

export interface QueryVariableProps {
  readonly name: string;
  readonly label: string;
  /** Plugin type of `$datasource`, which the variable queries. */
  readonly datasourceType: string;
  /** The data source's variable query (`label_values(...)` for Prometheus, an object for CloudWatch). */
  readonly query: string | Record<string, unknown>;
  /** Allow several values and "All". Default: false. */
  readonly multi?: boolean;
}

/** A variable whose values come from `$datasource`, refreshed with the time range. */
export function queryVariable(props: QueryVariableProps): dashboard.QueryVariableBuilder {
  const variable = new dashboard.QueryVariableBuilder(props.name)
    .label(props.label)
    .datasource({ type: props.datasourceType, uid: `\${${DATASOURCE_VARIABLE}}` })
    .query(props.query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
  return props.multi ? variable.multi(true).includeAll(true) : variable;
}

/** `label_values(<selector>, <label>)`: the values of `label` among series matching `selector`. */
export function labelValues(seriesSelector: string, label: string): string {
  return `label_values(${seriesSelector}, ${label})`;
}

/** A fixed list of values known when the fleet is rendered. */
export function customVariable(name: string, label: string, values: readonly string[]): dashboard.CustomVariableBuilder {
  if (values.length === 0) {
    throw new Error(`Variable "${name}" has no values; a dashboard needing it should not be rendered for this fleet.`);
  }
  return new dashboard.CustomVariableBuilder(name)
    .label(label)
    .values(values.join(','))
    .current({ text: values[0], value: values[0], selected: true });
}
