import { WorkloadDefinition } from './workload-definition';

/** Every app chart the fleet file can name, by `chart`. */
export const WORKLOADS: Readonly<Record<string, WorkloadDefinition>> = {};
