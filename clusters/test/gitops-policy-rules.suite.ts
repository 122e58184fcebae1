import { App, Chart } from 'cdk8s';
import { ArgoCdApplication } from '../../charts/argocd-application';
import { HelmAddOn } from '../../charts/helm-add-on';
import { ManifestObject } from '../validate/object-problem';
import { RenderedObject } from '../validate/rendered-objects';
import { SYNC_ORDERING_RULES, teamServiceExposure } from '../validate/rules';
import { CLEAN_OBJECTS, copyOf, echoFleet, ECHO_FLEET, Editable, findingsOf, placed, planted, rulesFiring } from './support/planted-render';

/** Rules about namespaces, RBAC, ArgoCD sync behaviour and what dist/ may hold. */

const application = (objects: RenderedObject[], name: string, cluster = 'prod1'): Editable => {
  const found = objects.find((candidate) => candidate.cluster === cluster && candidate.object.kind === 'Application' && candidate.object.metadata?.name === name);
  if (!found) throw new Error(`no Application ${name}`);
  return found.object as Editable;
};

describe('team namespace rules', () => {
  test.each<[string, string, string, (object: Editable) => void, string, string]>([
    ['a missing audit label', 'Namespace', 'geordie', (namespace) => delete namespace.metadata.labels['pod-security.kubernetes.io/audit'], 'team-namespace-pod-security-labels', '/metadata/labels/pod-security.kubernetes.io~1audit'],
    ['a privileged team namespace', 'Namespace', 'geordie', (namespace) => (namespace.metadata.labels['pod-security.kubernetes.io/enforce'] = 'privileged'), 'team-namespace-pod-security-labels', '/metadata/labels/pod-security.kubernetes.io~1enforce'],
    ['a policy letting anyone in', 'NetworkPolicy', 'ho11y-scrape', (policy) => policy.spec.ingress.push({ ports: [{ port: 8080 }] }), 'team-namespace-default-deny', '/spec/ingress/1/from'],
    ['a policy letting pods reach anything', 'NetworkPolicy', 'allow-dns-egress', (policy) => policy.spec.egress.push({}), 'team-namespace-default-deny', '/spec/egress/1/to'],
    ['a flow attached to pods that do not exist', 'NetworkPolicy', 'ho11y-scrape', (policy) => (policy.spec.podSelector.matchLabels = { app: 'h0lly' }), 'network-policy-selects-pods', '/spec/podSelector/matchLabels'],
  ])('%s', (_title, kind, name, change, rule, field) => {
    const findings = findingsOf(planted(kind, name, change));
    expect(findings).toContainEqual(expect.objectContaining({ rule, field }));
    expect(new Set(findings.map((finding) => finding.rule))).toEqual(new Set([rule]));
  });

  test.each<[string, string, (object: Editable) => void]>([
    ['a NodePort Service', 'ho11y', (service) => (service.spec.type = 'NodePort')],
    ['a LoadBalancer the fleet file did not ask for', 'yelb', (service) => (service.spec.type = 'LoadBalancer')],
  ])('%s is caught by the exposure rule and by the admission policy the cluster applies', (_title, name, change) => {
    const findings = findingsOf(planted('Service', name, change));
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'team-service-exposure', field: '/spec/type' }));
    expect(new Set(findings.map((finding) => finding.rule))).toEqual(new Set(['team-service-exposure', 'team-admission']));
  });

  test('a team namespace that is not rendered, or has no default deny, is reported on the tenancy folder', () => {
    const withoutNamespace = copyOf().filter(({ cluster, object }) => !(cluster === 'prod2' && object.kind === 'Namespace' && object.metadata?.name === 'geordie'));
    expect(findingsOf(withoutNamespace)).toContainEqual({ rule: 'team-namespace-pod-security-labels', object: 'Namespace geordie', field: '/' });
    const withoutDeny = copyOf().filter(({ cluster, object }) => !(cluster === 'prod2' && object.kind === 'NetworkPolicy' && object.metadata?.name === 'default-deny-all'));
    expect(findingsOf(withoutDeny)).toEqual([{ rule: 'team-namespace-default-deny', object: 'NetworkPolicy geordie/*', field: '/' }]);
  });

  test('a default deny that lets ingress through no longer counts', () => {
    const objects = planted('NetworkPolicy', 'default-deny-all', (policy) => (policy.spec.policyTypes = ['Egress']));
    expect(rulesFiring(objects)).toEqual(['team-namespace-default-deny']);
  });

  test('a LoadBalancer is accepted when the fleet file exposes the app, with the scheme it asks for', () => {
    const exposed = echoFleet((fleet) => (fleet.teams['team-geordie'].apps.yelb.exposure = 'internal'));
    const loadBalancer = (scheme: string) =>
      planted('Service', 'yelb', (service) => {
        service.spec.type = 'LoadBalancer';
        service.metadata.annotations = { 'service.beta.kubernetes.io/aws-load-balancer-scheme': scheme };
      });
    // Only the exposure rule: this planted Service skips what the admission policies check (rendered for another fleet).
    const exposureFindings = (objects: RenderedObject[]) => findingsOf(objects, exposed, [teamServiceExposure]);
    expect(exposureFindings(loadBalancer('internal'))).toEqual([]);
    expect(exposureFindings(loadBalancer('internet-facing'))).toEqual([
      { rule: 'team-service-exposure', object: 'Service geordie/yelb', field: '/metadata/annotations/service.beta.kubernetes.io~1aws-load-balancer-scheme' },
    ]);
  });
});

describe('the collectors\' RBAC', () => {
  const role = (rules: object[]): ManifestObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'adot-metrics-collector' }, rules });
  const binding = (roleName: string): ManifestObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'adot-metrics-collector' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects: [{ kind: 'ServiceAccount', name: 'adot-metrics-collector', namespace: 'observability' }],
  });
  /** The clean render with prod1's collector role and binding replaced by these. */
  const withRole = (rules: object[], roleName = 'adot-metrics-collector') => [
    ...copyOf().filter(({ cluster, object }) => !(cluster === 'prod1' && ['ClusterRole', 'ClusterRoleBinding'].includes(String(object.kind)) && object.metadata?.name === 'adot-metrics-collector')),
    placed('prod1', 'platform/collectors', role(rules)),
    placed('prod1', 'platform/collectors', binding(roleName)),
  ];
  const readNodes = { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'pods', 'services', 'endpoints'], verbs: ['get', 'list', 'watch'] };

  test('a read-only role passes', () => {
    expect(findingsOf(withRole([readNodes, { nonResourceURLs: ['/metrics'], verbs: ['get'] }]))).toEqual([]);
  });

  test.each<[string, object, string]>([
    ['reading secrets', { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }, '/rules/1/resources'],
    ['writing', { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'patch'] }, '/rules/1/verbs'],
    ['a wildcard resource', { apiGroups: [''], resources: ['*'], verbs: ['get'] }, '/rules/1/resources'],
    ['a wildcard verb', { apiGroups: [''], resources: ['pods'], verbs: ['*'] }, '/rules/1/verbs'],
  ])('%s is caught', (_title, rule, field) => {
    expect(findingsOf(withRole([readNodes, rule]))).toContainEqual({ rule: 'collector-rbac-read-only', object: 'ClusterRole adot-metrics-collector', field });
  });

  test('a binding to a role the render does not define (cluster-admin) is caught', () => {
    expect(findingsOf(withRole([readNodes], 'cluster-admin'))).toEqual([{ rule: 'collector-rbac-read-only', object: 'ClusterRoleBinding adot-metrics-collector', field: '/roleRef' }]);
  });
});

describe('sync ordering of operators, their CRDs and custom resources', () => {
  /** An operator installed from Helm in wave 1 and its custom resources in wave 2, as add-ons are rendered. */
  function operatorScenario(options: { crWave?: number; skipDryRun?: boolean; serverSideApply?: boolean; withOperator?: boolean } = {}): RenderedObject[] {
    const app = new App();
    const leaf = new Chart(app, 'operator');
    new HelmAddOn(leaf, 'Operator', {
      name: 'opentelemetry-operator',
      project: 'platform',
      namespace: 'opentelemetry-operator-system',
      repoUrl: 'https://open-telemetry.github.io/opentelemetry-helm-charts',
      chart: 'opentelemetry-operator',
      version: '0.100.0',
      values: { manager: { collectorImage: { repository: 'otel/opentelemetry-collector-k8s', tag: '0.130.0' } } },
      serverSideApply: options.serverSideApply ?? true,
    });
    const bootstrap = new Chart(app, 'bootstrap');
    const folderApp = (name: string, folder: string, wave: number, syncOptions: string[]) =>
      new ArgoCdApplication(bootstrap, name, {
        name,
        project: 'platform',
        destinationNamespace: 'observability',
        syncWave: wave,
        syncOptions,
        source: { repoUrl: ECHO_FLEET.repository.url, path: `dist/prod1/${folder}`, targetRevision: ECHO_FLEET.repository.revision },
      });
    if (options.withOperator ?? true) folderApp('platform-opentelemetry-operator', 'platform/opentelemetry-operator', 1, []);
    folderApp('platform-collectors', 'platform/collectors', options.crWave ?? 2, options.skipDryRun ?? true ? ['SkipDryRunOnMissingResource=true'] : []);
    const collector: ManifestObject = { apiVersion: 'opentelemetry.io/v1beta1', kind: 'OpenTelemetryCollector', metadata: { name: 'traces', namespace: 'observability' }, spec: { config: {} } };
    return [
      ...(options.withOperator ?? true ? leaf.toJson().map((object: ManifestObject) => placed('prod1', 'platform/opentelemetry-operator', object)) : []),
      ...bootstrap.toJson().map((object: ManifestObject) => placed('prod1', 'bootstrap/templates', object)),
      placed('prod1', 'platform/collectors', collector),
    ];
  }
  const syncFindings = (objects: RenderedObject[]) => findingsOf(objects, ECHO_FLEET, SYNC_ORDERING_RULES);

  test('an operator in an earlier wave, applied server-side, and its resources skipping the dry run pass', () => {
    expect(syncFindings(operatorScenario())).toEqual([]);
  });

  test('a custom resource in the same wave as its operator is caught', () => {
    expect(syncFindings(operatorScenario({ crWave: 1 }))).toEqual([{ rule: 'sync-crd-before-custom-resources', object: 'OpenTelemetryCollector observability/traces', field: '/apiVersion' }]);
  });

  test('a custom resource whose CRD nothing installs is caught', () => {
    expect(syncFindings(operatorScenario({ withOperator: false }))).toEqual([{ rule: 'sync-crd-before-custom-resources', object: 'OpenTelemetryCollector observability/traces', field: '/apiVersion' }]);
  });

  test('custom resources synced without SkipDryRunOnMissingResource are caught on their Application', () => {
    expect(syncFindings(operatorScenario({ skipDryRun: false }))).toEqual([{ rule: 'sync-skip-dry-run-for-custom-resources', object: 'Application argocd/platform-collectors', field: '/spec/syncPolicy/syncOptions' }]);
  });

  test('an operator chart applied client-side is caught', () => {
    expect(syncFindings(operatorScenario({ serverSideApply: false }))).toEqual([{ rule: 'sync-server-side-apply-crds', object: 'Application argocd/opentelemetry-operator', field: '/spec/syncPolicy/syncOptions' }]);
  });

  test('a CRD rendered into a folder makes that folder\'s Application the provider', () => {
    const crd: ManifestObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', names: { kind: 'Widget' }, scope: 'Namespaced', versions: [] } };
    const widget: ManifestObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'geordie' } };
    const objects = [...copyOf(), placed('prod1', 'platform/tenancy', crd), placed('prod1', 'workloads/team-geordie/ho11y', widget)];
    expect(syncFindings(objects)).toEqual([
      { rule: 'sync-skip-dry-run-for-custom-resources', object: 'Application argocd/team-geordie-ho11y', field: '/spec/syncPolicy/syncOptions' },
      { rule: 'sync-server-side-apply-crds', object: 'Application argocd/platform-tenancy', field: '/spec/syncPolicy/syncOptions' },
    ]);
  });
});

describe('Application sync policy', () => {
  test.each<[string, string, (application: Editable) => void, string]>([
    ['no self-heal', 'team-geordie-ho11y', (app) => (app.spec.syncPolicy.automated.selfHeal = false), '/spec/syncPolicy/automated/selfHeal'],
    ['manual sync', 'team-geordie-ho11y', (app) => delete app.spec.syncPolicy.automated, '/spec/syncPolicy/automated'],
    ['no retry', 'team-geordie-yelb', (app) => delete app.spec.syncPolicy.retry, '/spec/syncPolicy/retry/limit'],
    ['retry without back-off', 'team-geordie-yelb', (app) => delete app.spec.syncPolicy.retry.backoff, '/spec/syncPolicy/retry/backoff'],
    ['no prune for a folder of plain workloads', 'team-geordie-yelb', (app) => (app.spec.syncPolicy.automated.prune = false), '/spec/syncPolicy/automated/prune'],
  ])('%s is caught', (_title, name, change, field) => {
    expect(findingsOf(planted('Application', name, change))).toEqual([{ rule: 'application-sync-policy', object: `Application argocd/${name}`, field }]);
  });

  test('the tenancy folder, which holds Namespaces, may turn prune off', () => {
    expect(application(copyOf(), 'platform-tenancy').spec.syncPolicy.automated.prune).toBe(false);
    expect(findingsOf(CLEAN_OBJECTS)).toEqual([]);
  });
});

describe('stateful data', () => {
  const claim: ManifestObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'yelb-db-data', namespace: 'geordie' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };

  test('a claim in a pruning Application is caught; annotated Prune=false it passes', () => {
    expect(findingsOf([...copyOf(), placed('prod1', 'workloads/team-geordie/yelb', claim)])).toEqual([{ rule: 'stateful-data-not-pruned', object: 'PersistentVolumeClaim geordie/yelb-db-data', field: '/metadata/annotations' }]);
    const kept = { ...claim, metadata: { ...claim.metadata, annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' } } };
    expect(findingsOf([...copyOf(), placed('prod1', 'workloads/team-geordie/yelb', kept)])).toEqual([]);
  });

  test('a claim in an Application that does not prune passes, and lets that Application keep prune off', () => {
    const objects = [...copyOf(), placed('prod1', 'workloads/team-geordie/yelb', claim)];
    application(objects, 'team-geordie-yelb').spec.syncPolicy.automated.prune = false;
    expect(findingsOf(objects)).toEqual([]);
  });

  test('a Deployment mounting a claim, and a StatefulSet deleting its claims, are caught', () => {
    const mounting = planted('Deployment', 'yelb', (deployment) => (deployment.spec.template.spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'yelb-db-data' } }]));
    expect(findingsOf(mounting)).toEqual([{ rule: 'stateful-data-not-pruned', object: 'Deployment geordie/yelb', field: '/metadata/annotations' }]);
    const statefulSet: Editable = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'geordie', annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' } },
      spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' }, volumeClaimTemplates: [{ metadata: { name: 'data' } }], template: { spec: { containers: [] } } },
    };
    expect(findingsOf([...copyOf(), placed('prod1', 'workloads/team-geordie/yelb', statefulSet)])).toEqual([
      { rule: 'stateful-data-not-pruned', object: 'StatefulSet geordie/db', field: '/spec/persistentVolumeClaimRetentionPolicy/whenDeleted' },
    ]);
  });
});

describe('what dist/ may hold', () => {
  test('an object rendered twice on one cluster is caught; the same object on two clusters is not', () => {
    const deployment = CLEAN_OBJECTS.find(({ cluster, object }) => cluster === 'prod1' && object.kind === 'Deployment' && object.metadata?.name === 'ho11y');
    const twice = [...copyOf(), placed('prod1', 'workloads/team-geordie/yelb', JSON.parse(JSON.stringify(deployment?.object)))];
    expect(findingsOf(twice)).toEqual([{ rule: 'object-emitted-once', object: 'Deployment geordie/ho11y', field: '/metadata/name' }]);
    expect(CLEAN_OBJECTS.filter(({ object }) => object.kind === 'Deployment' && object.metadata?.name === 'ho11y')).toHaveLength(2);
  });

  test('a ClusterRole rendered in two folders clashes even though the folders target different namespaces', () => {
    const clusterRole = CLEAN_OBJECTS.find(({ cluster, object }) => cluster === 'prod1' && object.kind === 'ClusterRole');
    const twice = [...copyOf(), placed('prod1', 'workloads/team-geordie/yelb', JSON.parse(JSON.stringify(clusterRole?.object)))];
    expect(findingsOf(twice).filter((finding) => finding.rule === 'object-emitted-once')).toHaveLength(1);
  });

  test('a Secret with data is caught; one without data is not', () => {
    const secret = (data?: object): ManifestObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'geordie' }, ...(data ? { stringData: data } : {}) });
    expect(findingsOf([...copyOf(), placed('prod1', 'platform/tenancy', secret({ password: 'x' }))])).toEqual([{ rule: 'no-secret-data', object: 'Secret geordie/db', field: '/stringData' }]);
    expect(findingsOf([...copyOf(), placed('prod1', 'platform/tenancy', secret())])).toEqual([]);
  });

  test('replicas rendered under an autoscaler are caught unless ignored', () => {
    const autoscaler: ManifestObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'ho11y', namespace: 'geordie' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ho11y' }, minReplicas: 1, maxReplicas: 3 },
    };
    const objects = planted('Deployment', 'ho11y', (deployment) => (deployment.spec.replicas = 2));
    objects.push(placed('prod1', 'workloads/team-geordie/ho11y', autoscaler));
    expect(findingsOf(objects)).toEqual([{ rule: 'operator-fields-ignored', object: 'Deployment geordie/ho11y', field: '/spec/replicas' }]);
    const ignored = planted('Application', 'team-geordie-ho11y', (application) => (application.spec.ignoreDifferences = [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }]), 'prod1', objects);
    expect(findingsOf(ignored)).toEqual([]);
  });

  test('a webhook whose caBundle cert-manager injects is caught unless ignored', () => {
    const webhook: Editable = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'echo', annotations: { 'cert-manager.io/inject-ca-from': 'geordie/echo' } },
      webhooks: [],
    };
    const objects = [...copyOf(), placed('prod1', 'workloads/team-geordie/ho11y', webhook)];
    // A team folder may not hold a webhook at all; that is team-folder-kinds' finding, not this rule's.
    const injectionFindings = () => findingsOf(objects).filter((finding) => finding.rule !== 'team-folder-kinds');
    expect(injectionFindings()).toEqual([{ rule: 'operator-fields-ignored', object: 'ValidatingWebhookConfiguration echo', field: '/metadata/annotations' }]);
    application(objects, 'team-geordie-ho11y').spec.ignoreDifferences = [{ group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[].clientConfig.caBundle'] }];
    expect(injectionFindings()).toEqual([]);
  });

  test('a Helm chart on a version range, or with a floating image tag in its values, is caught', () => {
    const app = new App();
    const leaf = new Chart(app, 'addon');
    new HelmAddOn(leaf, 'AddOn', { name: 'kube-state-metrics', project: 'platform', namespace: 'kube-state-metrics', repoUrl: 'https://prometheus-community.github.io/helm-charts', chart: 'kube-state-metrics', version: '5.30.0', values: { image: { tag: 'latest' } } });
    const [addOn] = leaf.toJson() as Editable[];
    const placedAddOn = () => [...copyOf(), placed('prod1', 'platform/kube-state-metrics', JSON.parse(JSON.stringify(addOn)))];
    expect(findingsOf(placedAddOn()).filter((finding) => finding.rule === 'helm-chart-pinned')).toEqual([
      { rule: 'helm-chart-pinned', object: 'Application argocd/kube-state-metrics', field: '/spec/source/helm/valuesObject/image/tag' },
    ]);
    const ranged = placedAddOn();
    (ranged[ranged.length - 1].object as Editable).spec.source.targetRevision = '5.x';
    expect(findingsOf(ranged).filter((finding) => finding.rule === 'helm-chart-pinned')).toContainEqual({ rule: 'helm-chart-pinned', object: 'Application argocd/kube-state-metrics', field: '/spec/source/targetRevision' });
  });
});
