import { FLOATING_IMAGE_EXCEPTIONS } from '../floating-image-exceptions';
import { parse } from 'yaml';
import { validateCoreObject } from '../../clusters/validate/core-schemas';
import { clusterContext } from '../../clusters/render/cluster-context';
import { renderCluster } from '../../clusters/render/render-cluster';
import { isTeamSyncable } from '../../platform/tenancy/team-resource-kinds';
import { deployments, exampleFleet, renderClusterView, services, TEAM } from './rendered-apps';

const fleet = exampleFleet();
const clusters = Object.keys(fleet.clusters);
const namespace = fleet.teams[TEAM].namespace;

/** Kubernetes quantities as numbers: CPU in cores, memory in bytes. */
function quantity(value: string | number): number {
  const text = String(value);
  const units: Record<string, number> = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9 };
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(text);
  if (!match || (match[2] && !(match[2] in units))) throw new Error(`Not a quantity: ${text}`);
  return Number(match[1]) * (match[2] ? units[match[2]] : 1);
}

/** Independent of the renderer's own check: a digest, or a tag that names a release. */
function isPinned(image: string): boolean {
  if (/@sha256:[a-f0-9]{64}$/.test(image)) return true;
  const tag = /:([\w][\w.-]*)$/.exec(image.split('/').pop() ?? '')?.[1];
  return tag !== undefined && !['latest', 'stable', 'edge', 'nightly', 'main', 'master'].includes(tag);
}

describe.each(clusters)('app objects on %s', (cluster) => {
  const view = renderClusterView(fleet, cluster);
  const objects = view.apps();

  test('every object lives in the team namespace and is of a kind the team project may sync', () => {
    expect(objects.length).toBeGreaterThan(0);
    for (const { file, object } of objects) {
      expect({ file, namespace: object.metadata.namespace }).toEqual({ file, namespace });
      expect(['Deployment', 'Service', 'ConfigMap']).toContain(object.kind);
      expect({ file, syncable: isTeamSyncable(object.apiVersion, object.kind) }).toEqual({ file, syncable: true });
    }
  });

  test('every object carries the name of the fleet app it belongs to', () => {
    for (const app of Object.keys(fleet.teams[TEAM].apps).filter((name) => fleet.teams[TEAM].apps[name].clusters.includes(cluster))) {
      for (const { file, object } of view.app(app)) {
        expect({ file, partOf: (object.metadata as { labels?: Record<string, string> }).labels?.['app.kubernetes.io/part-of'] }).toEqual({ file, partOf: app });
      }
    }
  });

  test('every object validates against the Kubernetes schema', () => {
    const problems = objects.flatMap(({ file, object }) => validateCoreObject(object, file));
    expect(problems).toEqual([]);
  });

  test('every container has CPU and memory requests and limits, readiness and liveness probes and a pinned image', () => {
    const containers = deployments(objects).flatMap((deployment) => deployment.spec.template.spec.containers.map((container) => ({ deployment: deployment.metadata.name, container })));
    expect(containers.length).toBeGreaterThanOrEqual(9);
    for (const { deployment, container } of containers) {
      const summary = {
        at: `${deployment}/${container.name}`,
        requests: Object.keys(container.resources?.requests ?? {}).sort(),
        limits: Object.keys(container.resources?.limits ?? {}).sort(),
        readiness: container.readinessProbe !== undefined,
        liveness: container.livenessProbe !== undefined,
        // Pinned, or the one floating image its chart declares with a reason.
        pinned: isPinned(container.image) || FLOATING_IMAGE_EXCEPTIONS.some((exception) => exception.image === container.image && exception.container === container.name),
      };
      expect(summary).toEqual({ at: summary.at, requests: ['cpu', 'memory'], limits: ['cpu', 'memory'], readiness: true, liveness: true, pinned: true });
    }
  });

  test("the apps' requests and limits fit the team quota", () => {
    const hard = (view.tenancy().find(({ object }) => object.kind === 'ResourceQuota')?.object.spec as { hard: Record<string, string | number> }).hard;
    const pods = deployments(objects);
    const total = (field: 'requests' | 'limits', resource: 'cpu' | 'memory') =>
      pods.flatMap((deployment) => deployment.spec.template.spec.containers).reduce((sum, container) => sum + quantity(container.resources?.[field]?.[resource] ?? 0), 0);
    expect(total('requests', 'cpu')).toBeLessThanOrEqual(quantity(hard['requests.cpu']));
    expect(total('requests', 'memory')).toBeLessThanOrEqual(quantity(hard['requests.memory']));
    expect(total('limits', 'cpu')).toBeLessThanOrEqual(quantity(hard['limits.cpu']));
    expect(total('limits', 'memory')).toBeLessThanOrEqual(quantity(hard['limits.memory']));
    expect(pods.length).toBeLessThanOrEqual(quantity(hard.pods));
  });

  test('no pod gets a service account token, and no Secret is rendered', () => {
    for (const deployment of deployments(objects)) expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(objects.filter(({ object }) => object.kind === 'Secret')).toEqual([]);
  });

  test('yelb-db, which holds the votes, is never pruned or deleted by ArgoCD; nothing else opts out of pruning', () => {
    const syncOptions = (metadata: object) => (metadata as { annotations?: Record<string, string> }).annotations?.['argocd.argoproj.io/sync-options'];
    const optedOut = objects
      .filter(({ object }) => syncOptions(object.metadata) !== undefined)
      .map(({ object }) => ({ kind: object.kind, name: object.metadata.name, options: syncOptions(object.metadata) }));
    expect(optedOut).toEqual([
      { kind: 'Deployment', name: 'yelb-db', options: 'Prune=false,Delete=false' },
      { kind: 'Service', name: 'yelb-db', options: 'Prune=false,Delete=false' },
    ]);
    const db = deployments(objects).find((deployment) => deployment.metadata.name === 'yelb-db');
    expect((db?.spec as { strategy?: { type: string } }).strategy?.type).toBe('Recreate');
  });

  test('YAML 1.1 readers (kubectl, ArgoCD) read every env value and annotation as a string', () => {
    const appFiles = view.files.filter((file) => file.path.startsWith(`${cluster}/workloads/`) && !file.path.endsWith('kustomization.yaml'));
    for (const file of appFiles) {
      const object = parse(file.content, { version: '1.1' }) as { kind: string; metadata: { annotations?: Record<string, unknown> }; spec?: { template?: { metadata: { annotations?: Record<string, unknown> }; spec: { containers: { env?: { value?: unknown }[] }[] } } } };
      const values = [
        ...Object.values(object.metadata.annotations ?? {}),
        ...Object.values(object.spec?.template?.metadata.annotations ?? {}),
        ...(object.spec?.template?.spec.containers ?? []).flatMap((container) => (container.env ?? []).map((variable) => variable.value)),
      ];
      for (const value of values) expect({ file: file.path, type: typeof value }).toEqual({ file: file.path, type: 'string' });
    }
  });

  test('every Service is ClusterIP unless the fleet file exposes it, and none is a NodePort', () => {
    for (const service of services(objects)) expect(service.spec.type).toBe('ClusterIP');
  });
});

test('rendering twice gives byte-identical files', () => {
  const first = renderCluster(clusterContext(fleet, clusters[0]));
  const second = renderCluster(clusterContext(fleet, clusters[0]));
  expect(second).toEqual(first);
});
