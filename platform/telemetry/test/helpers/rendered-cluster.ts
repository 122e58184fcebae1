import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { Fleet } from '../../../../clusters/fleet/fleet-schema';
import { parseFleet } from '../../../../clusters/fleet/load-fleet';
import { clusterContext } from '../../../../clusters/render/cluster-context';
import { renderCluster } from '../../../../clusters/render/render-cluster';
import { WORKLOADS } from '../../../../workloads/registry';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly spec?: Record<string, unknown>;
  readonly [field: string]: unknown;
}

export interface RenderedObject extends Manifest {
  /** File under dist/, e.g. `prod1/platform/collectors/opentelemetrycollector-metrics.yaml`. */
  readonly file: string;
}

type FleetDocument = Record<string, unknown> & {
  clusters: Record<string, Record<string, unknown>>;
  teams: Record<string, { apps: Record<string, { chart?: string }> }>;
};

/**
 * The example fleet, with the apps whose chart `workloads/` does not provide (yet) left out, and
 * `edit` applied to the document before it is validated like any fleet file.
 */
export function testFleet(edit: (document: FleetDocument) => void = () => undefined): Fleet {
  const document = parse(readFileSync(resolve(REPO_ROOT, 'clusters', 'fleet.yaml'), 'utf8')) as FleetDocument;
  for (const team of Object.values(document.teams)) {
    team.apps = Object.fromEntries(Object.entries(team.apps).filter(([name, app]) => (app.chart ?? name) in WORKLOADS));
  }
  edit(document);
  return parseFleet(stringify(document), 'test fleet', { knownAppCharts: Object.keys(WORKLOADS) });
}

/** Every Kubernetes object rendered for `cluster`, parsed back from its YAML file. */
export function renderedObjects(fleet: Fleet, cluster: string): RenderedObject[] {
  return renderCluster(clusterContext(fleet, cluster))
    .filter((file) => !['kustomization.yaml', 'Chart.yaml', 'values.yaml'].includes(basename(file.path)))
    .map((file): RenderedObject => {
      const object = parse(file.content) as Manifest;
      return { ...object, file: file.path };
    });
}

/** Objects of the leaf folder `leaf` (relative to the cluster folder). */
export function leafObjects(objects: readonly RenderedObject[], cluster: string, leaf: string): RenderedObject[] {
  return objects.filter((object) => object.file.startsWith(`${cluster}/${leaf}/`));
}

export function only<T>(items: readonly T[], what: string): T {
  if (items.length !== 1) throw new Error(`expected exactly one ${what}, found ${items.length}`);
  return items[0];
}

/** The object as it is in its file (without the `file` this helper adds). */
export function manifestOf(object: RenderedObject): Manifest {
  const { file: _file, ...manifest } = object;
  return manifest as Manifest;
}
