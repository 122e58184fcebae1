import { basename, resolve } from 'node:path';
import { FleetInput } from '../../../../clusters/fleet/fleet-schema';
import { TestFleetBuilder } from '../../../../clusters/test/support/test-fleet';
import { Fleet } from '../../../../clusters/fleet/fleet-schema';
import { yamlDocument } from '../../../../clusters/test/support/parsed-yaml';
import { renderClusterForTest } from '../../../../clusters/test/support/rendered-tree';
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

/** The test fleet (built in code), with `edit` applied before it is validated like any fleet file. */
export function testFleet(edit: (document: FleetInput) => void = () => undefined): Fleet {
  return new TestFleetBuilder().with(edit).build({ knownAppCharts: Object.keys(WORKLOADS) });
}

/** Every Kubernetes object rendered for `cluster`, parsed back from its YAML file. */
export function renderedObjects(fleet: Fleet, cluster: string): RenderedObject[] {
  return renderClusterForTest(fleet, cluster)
    .filter((file) => !['kustomization.yaml', 'Chart.yaml', 'values.yaml'].includes(basename(file.path)))
    .map((file): RenderedObject => {
      const object = yamlDocument(file.content) as Manifest;
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
