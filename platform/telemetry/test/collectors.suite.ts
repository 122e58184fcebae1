import { parse } from 'yaml';
import { memoryLimiterFor } from '../../../charts/collector-memory-limiter';
import { CrdSchemas } from '../../../clusters/validate/crd-schemas';
import { isCoreKind, validateCoreObject } from '../../../clusters/validate/core-schemas';
import { clusterContext } from '../../../clusters/render/cluster-context';
import { renderCluster } from '../../../clusters/render/render-cluster';
import { renderClusterForTest } from '../../../clusters/test/support/rendered-tree';
import { ampRemoteWriteRoleName } from '../../../clusters/fleet/derived-names';
import { TELEMETRY_FACTS } from '../../cluster-facts';
import { SYNC_WAVES } from '../../sync-waves';
import { CLOUDWATCH_METRIC_DECLARATIONS, CLOUDWATCH_METRICS_NAMESPACE, cloudWatchLogGroup } from '../cloudwatch-metrics';
import { ADOT_COLLECTOR_IMAGE, imageReference, TARGET_ALLOCATOR_IMAGE } from '../collector-images';
import {
  COLLECTOR_HEALTH_PORT,
  COLLECTOR_TELEMETRY_PORT,
  COLLECTORS,
  METRICS_COLLECTOR,
  OTLP_GRPC_PORT,
  OTLP_HTTP_PORT,
  targetAllocatorServiceAccount,
  TRACES_COLLECTOR,
  tracesOtlpGrpcEndpoint,
} from '../collector-identities';
import { AWS_SDK_MAX_RETRIES } from '../collector-common';
import { metricsCollectorResources } from '../collector-sizing';
import { leafObjects, manifestOf, only, RenderedObject, renderedObjects, testFleet } from './helpers/rendered-cluster';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered YAML is inspected structurally */
type Json = any;

const fleet = testFleet();
const CLUSTERS = Object.keys(fleet.clusters);
const schemas = CrdSchemas.bundled();

function collectorsOf(objects: readonly RenderedObject[], cluster: string): RenderedObject[] {
  return leafObjects(objects, cluster, 'platform/collectors');
}

function collector(objects: readonly RenderedObject[], name: string): RenderedObject {
  return only(objects.filter((object) => object.kind === 'OpenTelemetryCollector' && object.metadata.name === name), `collector ${name}`);
}

/** Independent of the construct's own check: what a pipeline references must exist, and the reverse. */
function pipelineProblems(config: Json): string[] {
  const problems: string[] = [];
  const used: Record<string, Set<string>> = { receivers: new Set(), processors: new Set(), exporters: new Set(), extensions: new Set(config.service.extensions) };
  for (const [id, pipeline] of Object.entries<Json>(config.service.pipelines)) {
    for (const kind of ['receivers', 'processors', 'exporters']) {
      for (const component of pipeline[kind] ?? []) {
        if (!(component in (config[kind] ?? {}))) problems.push(`${id}: ${kind} ${component} undefined`);
        used[kind].add(component);
      }
    }
    if (pipeline.receivers.length === 0 || pipeline.exporters.length === 0) problems.push(`${id}: needs a receiver and an exporter`);
    if (pipeline.processors[0] !== 'memory_limiter') problems.push(`${id}: first processor is ${pipeline.processors[0]}`);
    if (pipeline.processors[1] !== 'batch') problems.push(`${id}: second processor is ${pipeline.processors[1]}`);
  }
  for (const kind of ['receivers', 'processors', 'exporters', 'extensions']) {
    for (const component of Object.keys(config[kind] ?? {})) {
      if (!used[kind].has(component)) problems.push(`${kind} ${component} defined but unused`);
    }
  }
  for (const extension of config.service.extensions) {
    if (!(extension in config.extensions)) problems.push(`extension ${extension} enabled but undefined`);
  }
  return problems;
}

function nulls(value: Json, path = ''): string[] {
  if (value === null) return [path];
  if (typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => nulls(item, `${path}/${key}`));
}

describe.each(CLUSTERS)('collectors of %s', (cluster) => {
  const objects = renderedObjects(fleet, cluster);
  const leaf = collectorsOf(objects, cluster);
  const spec = fleet.clusters[cluster];
  const account = fleet.accounts[spec.account];

  test('every object validates: collectors against the v1beta1 CRD, built-in kinds against Kubernetes', () => {
    expect(leaf.length).toBeGreaterThan(0);
    for (const object of leaf) {
      const manifest = manifestOf(object);
      const problems = isCoreKind(manifest) ? validateCoreObject(manifest, object.file) : schemas.validate(manifest, object.file);
      expect(problems).toEqual([]);
    }
    expect(leaf.filter((object) => object.kind === 'OpenTelemetryCollector').map((object) => object.apiVersion)).toEqual(['opentelemetry.io/v1beta1', 'opentelemetry.io/v1beta1']);
  });

  test('the collectors are the ones collector-identities.ts names, running as their service accounts', () => {
    for (const identity of COLLECTORS) {
      const resource = collector(leaf, identity.name);
      expect(resource.metadata.namespace).toBe(identity.namespace);
      expect((resource.spec as Json).serviceAccount).toBe(identity.serviceAccount);
      const account = only(leaf.filter((object) => object.kind === 'ServiceAccount' && object.metadata.name === identity.serviceAccount), `service account ${identity.serviceAccount}`);
      expect(account.metadata.namespace).toBe(identity.namespace);
      // Pod Identity needs no annotation; nothing account-specific is rendered on it.
      expect(account.metadata.annotations).toBeUndefined();
    }
  });

  test('the embedded configuration is structured YAML, not a string, and contains no nulls', () => {
    const files = renderClusterForTest(fleet, cluster).filter((file) => file.path.startsWith(`${cluster}/platform/collectors/opentelemetrycollector-`));
    expect(files).toHaveLength(2);
    for (const file of files) {
      const config = parse(file.content).spec.config;
      expect(typeof config).toBe('object');
      expect(Object.keys(config).sort()).toEqual(['exporters', 'extensions', 'processors', 'receivers', 'service']);
      expect(nulls(config)).toEqual([]);
    }
  });

  test.each(COLLECTORS.map((identity) => identity.name))('%s: every pipeline component is defined and used; memory_limiter first, batch second', (name) => {
    expect(pipelineProblems((collector(leaf, name).spec as Json).config)).toEqual([]);
  });

  test.each(COLLECTORS.map((identity) => identity.name))('%s: health checks, self-telemetry, pinned image, no scrape annotations, dry run skipped until the CRD exists', (name) => {
    const resource = collector(leaf, name);
    const collectorSpec = resource.spec as Json;
    expect(collectorSpec.image).toBe(imageReference(ADOT_COLLECTOR_IMAGE));
    expect(collectorSpec.config.extensions.health_check.endpoint).toBe(`0.0.0.0:${COLLECTOR_HEALTH_PORT}`);
    expect(collectorSpec.config.service.extensions).toContain('health_check');
    for (const probe of [collectorSpec.livenessProbe, collectorSpec.readinessProbe]) {
      expect(probe.periodSeconds).toBeGreaterThan(0);
      expect(probe.failureThreshold).toBeGreaterThan(0);
    }
    expect(collectorSpec.config.service.telemetry.metrics.readers).toEqual([{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: COLLECTOR_TELEMETRY_PORT } } } }]);
    expect(collectorSpec.observability.metrics.disablePrometheusAnnotations).toBe(true);
    expect(resource.metadata.annotations?.['argocd.argoproj.io/sync-options']).toContain('SkipDryRunOnMissingResource=true');
    expect(collectorSpec.upgradeStrategy).toBe('none');
  });

  test.each(COLLECTORS.map((identity) => identity.name))('%s: requests and limits, memory_limiter and GOMEMLIMIT derived from the memory limit', (name) => {
    const collectorSpec = collector(leaf, name).spec as Json;
    const memory = collectorSpec.resources.limits.memory as string;
    expect(memory).toMatch(/^\d+Mi$/);
    const mebibytes = Number.parseInt(memory, 10);
    expect(collectorSpec.resources.requests.memory).toBe(memory);
    expect(collectorSpec.resources.requests.cpu).toMatch(/^\d+m$/);
    expect(Number.parseInt(collectorSpec.resources.limits.cpu, 10)).toBeGreaterThanOrEqual(Number.parseInt(collectorSpec.resources.requests.cpu, 10));
    const limiter = collectorSpec.config.processors.memory_limiter;
    expect(limiter.limit_mib).toBe(Math.floor(mebibytes * 0.8));
    expect(limiter.spike_limit_mib).toBe(Math.floor(limiter.limit_mib * 0.25));
    expect(limiter.limit_mib).toBeLessThan(mebibytes);
    expect(collectorSpec.env).toContainEqual({ name: 'GOMEMLIMIT', value: `${limiter.limit_mib}MiB` });
  });

  test.each(COLLECTORS.map((identity) => identity.name))('%s: runs as a non-root user with nothing to escalate (the image is FROM scratch and sets no USER)', (name) => {
    const collectorSpec = collector(leaf, name).spec as Json;
    expect(collectorSpec.podSecurityContext.runAsNonRoot).toBe(true);
    expect(collectorSpec.podSecurityContext.runAsUser).toBeGreaterThan(0);
    expect(collectorSpec.podSecurityContext.seccompProfile.type).toBe('RuntimeDefault');
    expect(collectorSpec.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(collectorSpec.securityContext.runAsUser).toBeGreaterThan(0);
    expect(collectorSpec.securityContext.capabilities.add).toBeUndefined();
  });

  test('every `${env:…}` in a configuration is an environment variable of that collector', () => {
    for (const resource of leaf.filter((object) => object.kind === 'OpenTelemetryCollector')) {
      const collectorSpec = resource.spec as Json;
      const referenced = [...JSON.stringify(collectorSpec.config).matchAll(/\$\{env:(\w+)\}/g)].map((match) => match[1]);
      const defined = (collectorSpec.env as Json[]).map((variable) => variable.name);
      for (const name of referenced) expect(defined).toContain(name);
    }
  });

  test('the metrics and traces carry this cluster\'s cluster, region and account_id', () => {
    const expected = { cluster, region: account.region, account_id: account.id };
    const metrics = (collector(leaf, METRICS_COLLECTOR.name).spec as Json).config;
    const traces = (collector(leaf, TRACES_COLLECTOR.name).spec as Json).config;
    const asMap = (actions: Json[]) => Object.fromEntries(actions.filter((action) => action.action === 'upsert').map((action) => [action.key, action.value]));
    expect(asMap(metrics.processors['attributes/cluster'].actions)).toEqual(expected);
    expect(asMap(traces.processors['resource/cluster'].attributes)).toEqual(expected);
    expect(metrics.service.pipelines.metrics.processors).toContain('attributes/cluster');
    expect(traces.service.pipelines.traces.processors).toContain('resource/cluster');
  });

  test('the traces collector takes OTLP on 4317/4318 and sends to X-Ray; its Service is what the apps are told', () => {
    const collectorSpec = collector(leaf, TRACES_COLLECTOR.name).spec as Json;
    expect(collectorSpec.config.receivers.otlp.protocols).toEqual({ grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` }, http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` } });
    expect(collectorSpec.config.exporters).toEqual({ awsxray: { region: account.region, max_retries: AWS_SDK_MAX_RETRIES } });
    expect(collectorSpec.config.service.pipelines.traces.exporters).toEqual(['awsxray']);
    expect(collectorSpec.replicas).toBe(spec.traces.replicas);
    // The operator names the Service `<metadata.name>-collector` in the collector's namespace.
    const resource = collector(leaf, TRACES_COLLECTOR.name);
    expect(tracesOtlpGrpcEndpoint()).toBe(`${resource.metadata.name}-collector.${resource.metadata.namespace}.svc.cluster.local:${OTLP_GRPC_PORT}`);
  });

  test('the metrics collector exports to the sink the fleet file names', () => {
    const config = (collector(leaf, METRICS_COLLECTOR.name).spec as Json).config;
    const collectorSpec = collector(leaf, METRICS_COLLECTOR.name).spec as Json;
    if (spec.metrics.sink === 'amp') {
      expect(config.exporters).toMatchObject({ prometheus_remote_write: { endpoint: '${env:AMP_REMOTE_WRITE_URL}', auth: { authenticator: 'sigv4auth' } } });
      // Signed for the workspace's region, as the AMP account's remote-write role for this cluster's account.
      const ampAccount = fleet.accounts[fleet.amp.account];
      expect(config.extensions.sigv4auth).toEqual({
        region: ampAccount.region,
        service: 'aps',
        assume_role: { arn: `arn:aws:iam::${ampAccount.id}:role/${ampRemoteWriteRoleName(spec.account)}`, sts_region: account.region, session_name: `${cluster}-metrics` },
      });
      expect(config.service.extensions).toContain('sigv4auth');
      // Known only after `cdk deploy`: read from the ConfigMap the AWS layer writes, never rendered.
      expect(collectorSpec.env).toContainEqual({
        name: TELEMETRY_FACTS.keys.ampRemoteWriteUrl,
        valueFrom: { configMapKeyRef: { name: TELEMETRY_FACTS.name, key: TELEMETRY_FACTS.keys.ampRemoteWriteUrl } },
      });
      expect(TELEMETRY_FACTS.namespace).toBe(METRICS_COLLECTOR.namespace);
      expect(JSON.stringify(config)).not.toMatch(/aps-workspaces/);
    } else {
      const emf = config.exporters.awsemf;
      expect(Object.keys(config.exporters)).toEqual(['awsemf']);
      expect(emf).toMatchObject({
        region: account.region,
        namespace: CLOUDWATCH_METRICS_NAMESPACE,
        log_group_name: cloudWatchLogGroup(cluster),
        dimension_rollup_option: 'NoDimensionRollup',
        resource_to_telemetry_conversion: { enabled: true },
      });
      expect(emf.metric_declarations.map((declaration: Json) => declaration.metric_name_selectors)).toEqual(CLOUDWATCH_METRIC_DECLARATIONS.map((declaration) => declaration.metricNameSelectors));
      for (const declaration of emf.metric_declarations) {
        for (const selector of declaration.metric_name_selectors) expect(selector).toMatch(/^\^.*\$$/);
      }
      expect(config.extensions.sigv4auth).toBeUndefined();
    }
  });

  test('the metrics collector is sized for the node group\'s largest size', () => {
    const collectorSpec = collector(leaf, METRICS_COLLECTOR.name).spec as Json;
    expect(collectorSpec.resources.limits.memory).toBe(`${metricsCollectorResources(spec.nodeGroup.maxSize).memoryMiB}Mi`);
    expect(collectorSpec.mode).toBe('deployment');
    expect(collectorSpec.replicas).toBe(1);
    // One scraping pod at a time, or a rollout ingests every series twice.
    expect(collectorSpec.deploymentUpdateStrategy).toEqual({ type: 'Recreate' });
  });

  test('ClusterRoles are read-only, name no secrets and no wildcard, and each is bound to its own service account only', () => {
    const roles = leaf.filter((object) => object.kind === 'ClusterRole');
    const bindings = leaf.filter((object) => object.kind === 'ClusterRoleBinding');
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) {
      for (const rule of (role as Json).rules as Json[]) {
        for (const verb of rule.verbs) expect(['get', 'list', 'watch']).toContain(verb);
        for (const field of ['verbs', 'resources', 'apiGroups', 'nonResourceURLs', 'resourceNames']) expect(rule[field] ?? []).not.toContain('*');
        expect(rule.resources ?? []).not.toContain('secrets');
      }
      const binding = only(bindings.filter((candidate) => (candidate as Json).roleRef.name === role.metadata.name), `binding of ${role.metadata.name}`);
      expect((binding as Json).subjects).toEqual([{ kind: 'ServiceAccount', name: role.metadata.name, namespace: METRICS_COLLECTOR.namespace }]);
    }
    expect(bindings).toHaveLength(roles.length);
    // The traces collector calls no Kubernetes API: no role, no mounted token.
    expect(bindings.flatMap((binding) => (binding as Json).subjects.map((subject: Json) => subject.name))).not.toContain(TRACES_COLLECTOR.serviceAccount);
    const tracesAccount = only(leaf.filter((object) => object.kind === 'ServiceAccount' && object.metadata.name === TRACES_COLLECTOR.serviceAccount), 'traces service account');
    expect((tracesAccount as Json).automountServiceAccountToken).toBe(false);
  });

  test('the metrics collector may read what its scrape jobs discover and scrape, nothing more', () => {
    const role = only(leaf.filter((object) => object.kind === 'ClusterRole' && object.metadata.name === METRICS_COLLECTOR.serviceAccount), 'metrics ClusterRole') as Json;
    const granted = role.rules.flatMap((rule: Json) => (rule.resources ?? rule.nonResourceURLs).map((resource: string) => `${rule.apiGroups?.[0] ?? 'url'}:${resource}`)).sort();
    expect(granted).toEqual([':nodes', ':nodes/metrics', ':pods', ':services', 'discovery.k8s.io:endpointslices', 'url:/metrics'].sort());
  });

  test('ArgoCD syncs the collectors after the operator, skipping the dry run, ignoring what the operator defaults', () => {
    const application = only(objects.filter((object) => object.kind === 'Application' && object.metadata.name === 'platform-collectors'), 'collectors Application') as Json;
    expect(Number(application.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBe(SYNC_WAVES.customResources);
    expect(SYNC_WAVES.customResources).toBeGreaterThan(SYNC_WAVES.operators);
    expect(application.spec.syncPolicy.syncOptions).toContain('SkipDryRunOnMissingResource=true');
    expect(application.spec.ignoreDifferences).toEqual([{ group: 'opentelemetry.io', kind: 'OpenTelemetryCollector', jqPathExpressions: ['.spec.config.service.telemetry.metrics.address'] }]);
    expect(application.spec.destination.namespace).toBe(METRICS_COLLECTOR.namespace);
  });
});

describe('sharded metrics collection', () => {
  const sharded = testFleet((document) => {
    (document.clusters.prod1.metrics as Json).collection = { mode: 'sharded', shards: 3 };
  });
  const objects = collectorsOf(renderedObjects(sharded, 'prod1'), 'prod1');
  const metrics = collector(objects, METRICS_COLLECTOR.name).spec as Json;

  test('renders a StatefulSet of shards behind the target allocator, valid against the CRD', () => {
    for (const object of objects) {
      const manifest = manifestOf(object);
      expect(isCoreKind(manifest) ? validateCoreObject(manifest) : schemas.validate(manifest)).toEqual([]);
    }
    expect(metrics.mode).toBe('statefulset');
    expect(metrics.replicas).toBe(3);
    expect(metrics.deploymentUpdateStrategy).toBeUndefined();
    expect(metrics.targetAllocator).toMatchObject({
      enabled: true,
      image: imageReference(TARGET_ALLOCATOR_IMAGE),
      replicas: 1,
      allocationStrategy: 'consistent-hashing',
      serviceAccount: targetAllocatorServiceAccount(METRICS_COLLECTOR),
      prometheusCR: { enabled: false },
      securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
    });
  });

  test('each shard is sized for its share of the nodes', () => {
    const maxSize = sharded.clusters.prod1.nodeGroup.maxSize;
    expect(metrics.resources.limits.memory).toBe(`${metricsCollectorResources(Math.ceil(maxSize / 3)).memoryMiB}Mi`);
    expect(metrics.config.processors.memory_limiter).toEqual(memoryLimiterFor(metricsCollectorResources(Math.ceil(maxSize / 3)).memoryMiB));
  });

  test('the target allocator discovers; the collector pods only scrape', () => {
    const rule = (name: string) => (only(objects.filter((object) => object.kind === 'ClusterRole' && object.metadata.name === name), name) as Json).rules;
    const allocator = rule(targetAllocatorServiceAccount(METRICS_COLLECTOR));
    const shards = rule(METRICS_COLLECTOR.serviceAccount);
    expect(allocator.flatMap((entry: Json) => entry.resources)).toEqual(expect.arrayContaining(['nodes', 'pods', 'services', 'endpointslices']));
    expect(shards.flatMap((entry: Json) => entry.resources ?? [])).toEqual(['nodes/metrics']);
    expect(objects.some((object) => object.kind === 'ServiceAccount' && object.metadata.name === targetAllocatorServiceAccount(METRICS_COLLECTOR))).toBe(true);
  });
});

describe('rendering', () => {
  test('is byte-identical run to run', () => {
    const first = renderCluster(clusterContext(fleet, 'prod2'));
    const second = renderCluster(clusterContext(testFleet(), 'prod2'));
    expect(second).toEqual(first);
  });

  test('a bigger node group gets a bigger metrics collector', () => {
    const sizes = [1, 3, 10, 50].map((nodes) => metricsCollectorResources(nodes));
    for (let index = 1; index < sizes.length; index++) {
      expect(sizes[index].memoryMiB).toBeGreaterThan(sizes[index - 1].memoryMiB);
      expect(sizes[index].cpuRequestMillis).toBeGreaterThan(sizes[index - 1].cpuRequestMillis);
    }
    for (const size of sizes) expect(size.memoryMiB % 64).toBe(0);
  });
});
