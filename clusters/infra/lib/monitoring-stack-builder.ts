import { Fleet } from '../../fleet/fleet-schema';
import { FleetStackBuilder } from './fleet-stack-builder';
import { MonitoringStack } from './monitoring-stack';

/** Lets the pipeline build the monitoring account's stack in its stage. */
export class MonitoringStackBuilder extends FleetStackBuilder<MonitoringStack> {
  public constructor(fleet: Fleet) {
    super(
      (scope, id, stackProps) =>
        new MonitoringStack(scope, id, {
          ...stackProps,
          fleet,
          stackName: 'monitoring',
          description: 'Amazon Managed Grafana workspace of the multi-account observability fleet',
        }),
    );
  }
}
