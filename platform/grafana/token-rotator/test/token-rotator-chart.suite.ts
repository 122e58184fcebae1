import { readFileSync } from 'node:fs';
import { App, Testing } from 'cdk8s';
import { bundleRotator } from '../bundle-rotator';
import { GRAFANA_TOKEN } from '../token-contract';
import { ROTATOR_BUNDLE_FILE, ROTATOR_NODE_IMAGE, TokenRotatorChart } from '../token-rotator-chart';

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  [key: string]: unknown;
}

function render(): Manifest[] {
  const app = Testing.app() as App;
  const chart = new TokenRotatorChart(app, 'rotator', { grafanaRegion: 'eu-central-1', script: 'console.log("stub")' });
  return Testing.synth(chart) as Manifest[];
}

type PodSpec = {
  serviceAccountName: string;
  securityContext: Record<string, unknown>;
  containers: { image: string; args: string[]; env: { name: string; value?: string; valueFrom?: unknown }[]; securityContext: Record<string, unknown> }[];
};

interface PodTemplateHolder {
  template?: { spec: PodSpec };
  jobTemplate?: { spec: { template: { spec: PodSpec } } };
}

function podSpecs(objects: Manifest[]): PodSpec[] {
  return objects.flatMap((object) => {
    const spec = object.spec as PodTemplateHolder | undefined;
    if (object.kind === 'Job' && spec?.template) return [spec.template.spec];
    if (object.kind === 'CronJob' && spec?.jobTemplate) return [spec.jobTemplate.spec.template.spec];
    return [];
  });
}

describe('TokenRotatorChart', () => {
  const objects = render();

  it('grants its service account only get and update of the token Secret', () => {
    const roles = objects.filter((object) => object.kind === 'Role' || object.kind === 'ClusterRole');
    expect(roles).toHaveLength(1);
    expect(roles[0].rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: [GRAFANA_TOKEN.secretName], verbs: ['get', 'update'] }]);
    const binding = objects.find((object) => object.kind === 'RoleBinding');
    expect(binding?.subjects).toEqual([{ kind: 'ServiceAccount', name: GRAFANA_TOKEN.rotatorServiceAccount, namespace: GRAFANA_TOKEN.namespace }]);
    expect(objects.every((object) => object.metadata.namespace === GRAFANA_TOKEN.namespace)).toBe(true);
  });

  it('runs a first-token Job and an hourly CronJob, both restricted, on the digest-pinned image', () => {
    expect(objects.filter((object) => object.kind === 'Job')).toHaveLength(1);
    const cronJob = objects.find((object) => object.kind === 'CronJob');
    expect((cronJob?.spec as { schedule: string; concurrencyPolicy: string }).concurrencyPolicy).toBe('Forbid');
    const specs = podSpecs(objects);
    expect(specs).toHaveLength(2);
    for (const spec of specs) {
      expect(spec.serviceAccountName).toBe(GRAFANA_TOKEN.rotatorServiceAccount);
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(spec.containers[0].image).toBe(ROTATOR_NODE_IMAGE);
      expect(spec.containers[0].image).toMatch(/@sha256:[0-9a-f]{64}$/);
      expect(spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(spec.containers[0].env).toContainEqual({ name: 'GRAFANA_REGION', value: 'eu-central-1' });
      expect(spec.containers[0].env.find((variable) => variable.name === 'GRAFANA_WORKSPACE_ID')?.valueFrom).toEqual({
        configMapKeyRef: { name: 'grafana-facts', key: 'GRAFANA_WORKSPACE_ID' },
      });
    }
  });

  it('rotates hourly, so a token is replaced with hours of its lifetime to spare', () => {
    const cronJob = objects.find((object) => object.kind === 'CronJob');
    expect((cronJob?.spec as { schedule: string }).schedule).toMatch(/^\d+ \* \* \* \*$/);
    // Twelve hourly chances to rotate before the old token expires.
    expect(GRAFANA_TOKEN.renewBeforeSeconds / 3600).toBeGreaterThanOrEqual(2);
    expect(GRAFANA_TOKEN.renewBeforeSeconds).toBeLessThan(GRAFANA_TOKEN.lifetimeSeconds);
  });

  it('mounts the script the container runs', () => {
    const configMap = objects.find((object) => object.kind === 'ConfigMap');
    const script = Object.keys(configMap?.data as Record<string, string>)[0];
    for (const spec of podSpecs(objects)) {
      expect(spec.containers[0].args[0].endsWith(`/${script}`)).toBe(true);
    }
  });

  it('commits the bundle that main.ts builds today (run `npm run build:rotator` after changing the rotator)', () => {
    expect(readFileSync(ROTATOR_BUNDLE_FILE, 'utf8')).toBe(bundleRotator());
  }, 30_000);
});
