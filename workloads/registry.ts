import { HO11Y } from './ho11y/ho11y-definition';
import { WorkloadDefinition } from './workload-definition';
import { YELB } from './yelb/yelb-definition';

/** Every app chart the fleet file can name, by `chart`. */
export const WORKLOADS: Readonly<Record<string, WorkloadDefinition>> = Object.fromEntries([HO11Y, YELB].map((definition) => [definition.chart, definition]));
