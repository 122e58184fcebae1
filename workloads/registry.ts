import { WorkloadDefinition } from './workload-definition';

/** Every app chart the fleet file can name, by `chart`. */
export const WORKLOADS: Readonly<Record<string, WorkloadDefinition>> = {};

export function workloadDefinition(chart: string): WorkloadDefinition {
  const definition = WORKLOADS[chart];
  if (!definition) {
    throw new Error(`No workload chart "${chart}" (known: ${Object.keys(WORKLOADS).join(', ') || 'none'}); add it to workloads/registry.ts.`);
  }
  return definition;
}
