import { WorkloadDefinition } from '../workload-definition';
import { YelbChart, YELB_CHART } from './yelb-chart';
import { yelbNetworkPolicies } from './yelb-network-flows';

/** yelb as an app teams list in the fleet file (`chart: yelb`). */
export const YELB: WorkloadDefinition = {
  chart: YELB_CHART,
  render: (scope, id, props) => new YelbChart(scope, id, props),
  networkPolicies: yelbNetworkPolicies,
};
