import { App } from 'cdk8s';
import { Fleet } from '../../../clusters/fleet/fleet-schema';
import { clusterContext } from '../../../clusters/render/cluster-context';
import { grafana } from '../../../clusters/render/components/grafana';
import { KubernetesObject } from '../../../clusters/render/leaf-files';
import { Leaf } from '../../../clusters/render/leaf';
import { testFleet } from '../../../clusters/test/support/test-fleet';

/** The test fleet, in the shape of the example (built in code, see clusters/test/support/test-fleet.ts). */
export function exampleFleet(): Fleet {
  return testFleet();
}

export interface RenderedLeaf {
  readonly leaf: Leaf;
  readonly objects: KubernetesObject[];
}

/** The Grafana component's leaves for one cluster, rendered. */
export function grafanaLeaves(fleet: Fleet, cluster: string): RenderedLeaf[] {
  const app = new App();
  return grafana(app, clusterContext(fleet, cluster)).map((leaf) => ({ leaf, objects: leaf.chart.toJson() as KubernetesObject[] }));
}

/** Objects of the Grafana resources leaf on the manager cluster. */
export function grafanaObjects(fleet: Fleet): KubernetesObject[] {
  const leaf = grafanaLeaves(fleet, fleet.grafana.managerCluster).find((rendered) => rendered.leaf.path === 'platform/grafana');
  if (!leaf) throw new Error('The manager cluster renders no platform/grafana leaf.');
  return leaf.objects;
}

/** A copy of the fleet with some accounts' ids replaced, to show nothing is hard-coded. */
export function withAccountIds(fleet: Fleet, ids: Readonly<Record<string, string>>): Fleet {
  const accounts = Object.fromEntries(Object.entries(fleet.accounts).map(([name, account]) => [name, { ...account, id: ids[name] ?? account.id }]));
  return { ...fleet, accounts };
}
