import { WorkloadDefinition } from '../workload-definition';
import { Ho11yChart, HO11Y_CHART } from './ho11y-chart';
import { ho11yNetworkPolicies } from './ho11y-network-flows';

/** ho11y as an app teams list in the fleet file (`chart: ho11y`). */
export const HO11Y: WorkloadDefinition = {
  chart: HO11Y_CHART,
  render: (scope, id, props) => new Ho11yChart(scope, id, props),
  networkPolicies: ho11yNetworkPolicies,
};
