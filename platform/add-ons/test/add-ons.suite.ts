import { TELEMETRY_ADD_ONS } from '../../../clusters/render/components/platform-add-ons';
import { CrdSchemas } from '../../../clusters/validate/crd-schemas';
import { PLATFORM_PROJECT } from '../../gitops/bootstrap-chart';
import { isReservedNamespace, PLATFORM_NAMESPACE_POD_SECURITY } from '../../platform-namespaces';
import { SYNC_WAVES } from '../../sync-waves';
import { ADOT_COLLECTOR_IMAGE, TARGET_ALLOCATOR_IMAGE } from '../../telemetry/collector-images';
import { leafObjects, manifestOf, only, RenderedObject, renderedObjects, testFleet } from '../../telemetry/test/helpers/rendered-cluster';
import { CERT_MANAGER } from '../cert-manager';
import { OPENTELEMETRY_OPERATOR } from '../opentelemetry-operator';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered YAML is inspected structurally */
type Json = any;

/** The official Helm repositories of the add-ons; an add-on from anywhere else is a review question. */
const OFFICIAL_REPOSITORIES: Readonly<Record<string, string>> = {
  'cert-manager': 'https://charts.jetstack.io',
  'opentelemetry-operator': 'https://open-telemetry.github.io/opentelemetry-helm-charts',
  'kube-state-metrics': 'https://prometheus-community.github.io/helm-charts',
  'prometheus-node-exporter': 'https://prometheus-community.github.io/helm-charts',
};

const fleet = testFleet();
const schemas = CrdSchemas.bundled();
const teamNamespaces = Object.values(fleet.teams).map((team) => team.namespace);

function bootstrapApplication(objects: readonly RenderedObject[], name: string): Json {
  return only(objects.filter((object) => object.kind === 'Application' && object.file.includes('/bootstrap/') && object.metadata.name === name), `bootstrap Application ${name}`);
}

function wave(application: Json): number {
  return Number(application.metadata.annotations['argocd.argoproj.io/sync-wave']);
}

describe.each(Object.keys(fleet.clusters))('add-ons of %s', (cluster) => {
  const objects = renderedObjects(fleet, cluster);

  describe.each(TELEMETRY_ADD_ONS.map((addOn) => [addOn.name, addOn] as const))('%s', (_name, addOn) => {
    const leaf = leafObjects(objects, cluster, `platform/${addOn.name}`);
    const application = only(leaf, `object of platform/${addOn.name}`) as Json;

    test('its leaf holds exactly one ArgoCD Application, valid against the ArgoCD CRD', () => {
      expect(application.kind).toBe('Application');
      expect(schemas.validate(manifestOf(application))).toEqual([]);
    });

    test('Helm source: official repository, exact URL, pinned exact chart version', () => {
      const source = application.spec.source;
      expect(source.chart).toBe(addOn.chart);
      expect(source.repoURL).toBe(OFFICIAL_REPOSITORIES[addOn.chart]);
      expect(source.repoURL).toMatch(/^https:\/\/[^*?\s]+[^/]$/);
      expect(source.targetRevision).toMatch(/^v?\d+\.\d+\.\d+$/);
      expect(source.targetRevision).toBe(addOn.version);
      expect(source.path).toBeUndefined();
      expect(source.helm.releaseName).toBe(addOn.name);
      expect(typeof source.helm.valuesObject).toBe('object');
    });

    test('automated sync with prune and self-heal, retried with back-off, in the platform project', () => {
      expect(application.spec.project).toBe(PLATFORM_PROJECT);
      expect(application.spec.syncPolicy.automated).toMatchObject({ prune: true, selfHeal: true });
      expect(application.spec.syncPolicy.retry.limit).toBeGreaterThan(0);
      expect(application.spec.syncPolicy.retry.backoff).toMatchObject({ duration: expect.any(String), factor: expect.any(Number), maxDuration: expect.any(String) });
      expect(application.metadata.finalizers).toContain('resources-finalizer.argocd.argoproj.io');
    });

    test('installs into a platform namespace no team can use, rendered with its Pod Security level', () => {
      const namespace = application.spec.destination.namespace;
      expect(namespace).toBe(addOn.namespace);
      expect(application.spec.destination.server).toBe('https://kubernetes.default.svc');
      expect(isReservedNamespace(namespace)).toBe(true);
      expect(teamNamespaces).not.toContain(namespace);
      const rendered = only(objects.filter((object) => object.kind === 'Namespace' && object.metadata.name === namespace), `Namespace ${namespace}`);
      expect(rendered.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe(PLATFORM_NAMESPACE_POD_SECURITY[namespace as keyof typeof PLATFORM_NAMESPACE_POD_SECURITY]);
      const teamProjects = objects.filter((object) => object.kind === 'AppProject' && !['default', PLATFORM_PROJECT].includes(object.metadata.name));
      for (const project of teamProjects) {
        expect((project.spec as Json).destinations.map((destination: Json) => destination.namespace)).not.toContain(namespace);
      }
    });

    test('the platform project may read its repository and deploy to its namespace, nothing wider', () => {
      const project = only(objects.filter((object) => object.kind === 'AppProject' && object.metadata.name === PLATFORM_PROJECT), 'platform project') as Json;
      expect(project.spec.sourceRepos).toContain(addOn.repoUrl);
      expect(project.spec.destinations).toContainEqual({ server: 'https://kubernetes.default.svc', namespace: addOn.namespace });
      for (const repo of project.spec.sourceRepos) expect(repo).not.toMatch(/[*?!]/);
    });

    test('its bootstrap Application syncs it in the add-on\'s wave', () => {
      const leafApplication = bootstrapApplication(objects, `platform-${addOn.name}`);
      expect(wave(leafApplication)).toBe(addOn.wave);
      expect(leafApplication.spec.source.path).toBe(`dist/${cluster}/platform/${addOn.name}`);
      expect(Number(application.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBe(addOn.wave);
    });

    test('no value points a chart at kube-system, where the platform project may not write', () => {
      expect(JSON.stringify(application.spec.source.helm.valuesObject)).not.toContain('kube-system');
    });
  });

  test('sync waves: tenancy, then cert-manager, then the operator and exporters, then the collectors, then workloads', () => {
    const waveOf = (name: string) => wave(bootstrapApplication(objects, name));
    expect(waveOf('platform-tenancy')).toBeLessThan(waveOf('platform-cert-manager'));
    expect(waveOf('platform-cert-manager')).toBeLessThan(waveOf('platform-opentelemetry-operator'));
    for (const exporter of ['platform-kube-state-metrics', 'platform-node-exporter', 'platform-opentelemetry-operator']) {
      expect(waveOf(exporter)).toBe(SYNC_WAVES.operators);
      expect(waveOf(exporter)).toBeLessThan(waveOf('platform-collectors'));
    }
    expect(waveOf('platform-collectors')).toBeLessThan(SYNC_WAVES.workloads);
  });

  test('charts that bring CRDs apply them server-side and ignore the CA bundles cert-manager injects', () => {
    for (const addOn of [CERT_MANAGER, OPENTELEMETRY_OPERATOR]) {
      const application = only(leafObjects(objects, cluster, `platform/${addOn.name}`), addOn.name) as Json;
      expect(application.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
      const ignored = application.spec.ignoreDifferences.map((difference: Json) => `${difference.kind}:${difference.jqPathExpressions.join(',')}`);
      expect(ignored).toEqual(expect.arrayContaining(['MutatingWebhookConfiguration:.webhooks[]?.clientConfig.caBundle', 'ValidatingWebhookConfiguration:.webhooks[]?.clientConfig.caBundle']));
    }
    const operator = only(leafObjects(objects, cluster, 'platform/opentelemetry-operator'), 'operator') as Json;
    expect(operator.spec.ignoreDifferences).toContainEqual({ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jqPathExpressions: ['.spec.conversion.webhook.clientConfig.caBundle'] });
  });

  test('the operator\'s webhook certificate comes from cert-manager, its default images are the pinned ones, and it never prunes its CRDs', () => {
    const values = (only(leafObjects(objects, cluster, 'platform/opentelemetry-operator'), 'operator') as Json).spec.source.helm.valuesObject;
    expect(values.admissionWebhooks).toEqual({ certManager: { enabled: true }, autoGenerateCert: { enabled: false } });
    expect(values.manager.collectorImage).toEqual({ repository: ADOT_COLLECTOR_IMAGE.repository, tag: ADOT_COLLECTOR_IMAGE.tag });
    expect(values.manager.targetAllocatorImage).toEqual({ repository: TARGET_ALLOCATOR_IMAGE.repository, tag: TARGET_ALLOCATOR_IMAGE.tag });
    expect(values.crds.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false');
    expect(values.manager.createRbacPermissions).toBe(false);
  });

  test('every container an add-on runs is given requests and limits', () => {
    const resourcesIn = (value: Json, path: string): [string, Json][] =>
      value && typeof value === 'object'
        ? Object.entries(value).flatMap(([key, item]) => (key === 'resources' ? [[`${path}.${key}`, item] as [string, Json]] : resourcesIn(item, `${path}.${key}`)))
        : [];
    const expected: Record<string, number> = { 'cert-manager': 4, 'opentelemetry-operator': 1, 'kube-state-metrics': 1, 'node-exporter': 1 };
    for (const addOn of TELEMETRY_ADD_ONS) {
      const values = (only(leafObjects(objects, cluster, `platform/${addOn.name}`), addOn.name) as Json).spec.source.helm.valuesObject;
      const found = resourcesIn(values, addOn.name);
      expect(found).toHaveLength(expected[addOn.name]);
      for (const [, resources] of found) {
        for (const kind of ['requests', 'limits']) {
          expect(resources[kind].cpu).toMatch(/^\d+m$/);
          expect(resources[kind].memory).toMatch(/^\d+Mi$/);
        }
      }
    }
  });
});
