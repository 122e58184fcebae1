import { Builder } from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DASHBOARD_CONFIG } from './dashboard-config';

export interface DashboardFrameProps {
  /** Stable UID (also the name of its GrafanaDashboard object). */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  /** `$datasource` first, then `$cluster`, then any others. */
  readonly variables: readonly Builder<dashboard.VariableModel>[];
}

/** Grafana's UID limit (and grafana-operator's `spec.uid` pattern). */
const UID_PATTERN = /^[a-zA-Z0-9_-]{1,40}$/;

/** A dashboard with the defaults every dashboard here shares. */
export function dashboardFrame(props: DashboardFrameProps): dashboard.DashboardBuilder {
  if (!UID_PATTERN.test(props.uid)) {
    throw new Error(`Dashboard UID "${props.uid}" must be 1-40 letters, digits, "-" or "_".`);
  }
  return new dashboard.DashboardBuilder(props.title)
    .uid(props.uid)
    .description(props.description)
    .tags([...DASHBOARD_CONFIG.tags])
    .refresh(DASHBOARD_CONFIG.refresh)
    .time({ ...DASHBOARD_CONFIG.timeRange })
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .readonly()
    .variables([...props.variables]);
}
