import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { Fleet } from '../../../clusters/fleet/fleet-schema';
import type { DataPath } from '../data-source-types';

/** A dashboard this repository renders, and the data path it reads. */
export interface DashboardDefinition {
  /** Stable UID; never change it (links and bookmarks use it). */
  readonly uid: string;
  readonly title: string;
  /** The data source type the `$datasource` variable selects. */
  readonly dataPath: DataPath;
  build(fleet: Fleet): dashboard.Dashboard;
}
