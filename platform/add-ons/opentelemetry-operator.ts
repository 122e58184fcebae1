import { ADOT_COLLECTOR_IMAGE, TARGET_ALLOCATOR_IMAGE } from '../telemetry/collector-images';
import { PLATFORM_NAMESPACES } from '../platform-namespaces';
import { SYNC_WAVES } from '../sync-waves';
import { HelmResources, INJECTED_CA_BUNDLES, INJECTED_CRD_CA_BUNDLES, PlatformAddOn } from './platform-add-on';

interface ImageValues {
  readonly repository: string;
  readonly tag: string;
}

/** The values of the open-telemetry opentelemetry-operator chart this repository sets. */
export interface OpenTelemetryOperatorValues {
  readonly manager: {
    /** Image of collectors that name none; ours always name one, this keeps the default pinned too. */
    readonly collectorImage: ImageValues;
    readonly targetAllocatorImage: ImageValues;
    /** Off: each collector gets a ClusterRole written here, reviewed, rather than one the operator derives. */
    readonly createRbacPermissions: boolean;
    readonly resources: HelmResources;
  };
  readonly admissionWebhooks: {
    /** cert-manager issues the webhook certificate; Helm-generated certificates would change on every render. */
    readonly certManager: { readonly enabled: boolean };
    readonly autoGenerateCert: { readonly enabled: boolean };
  };
  /** Image of the chart's `helm test` pods; the chart defaults to busybox:latest. */
  readonly testFramework: { readonly image: ImageValues };
  readonly crds: {
    readonly create: boolean;
    /** Deleting the CRDs would delete every collector: ArgoCD must never prune them. */
    readonly annotations: Readonly<Record<string, string>>;
  };
}

/**
 * The OpenTelemetry operator reconciles the OpenTelemetryCollector resources into Deployments or
 * StatefulSets (and target allocators).
 *
 * Version 0.122.0: the chart whose app version is operator 0.158.0 (release
 * opentelemetry-operator-0.122.0, "This release updates the opentelemetry-operator to version
 * 0.158.0"), the tag the `opentelemetry.io/v1beta1` CRD in the shared CRD folder comes from, so the
 * rendered collectors are validated against the schema the cluster serves.
 */
export const OPENTELEMETRY_OPERATOR: PlatformAddOn<OpenTelemetryOperatorValues> = {
  name: 'opentelemetry-operator',
  namespace: PLATFORM_NAMESPACES.openTelemetryOperator,
  repoUrl: 'https://open-telemetry.github.io/opentelemetry-helm-charts',
  chart: 'opentelemetry-operator',
  version: '0.122.0',
  wave: SYNC_WAVES.operators,
  serverSideApply: true,
  ignoreDifferences: [...INJECTED_CA_BUNDLES, ...INJECTED_CRD_CA_BUNDLES],
  values: {
    manager: {
      collectorImage: { repository: ADOT_COLLECTOR_IMAGE.repository, tag: ADOT_COLLECTOR_IMAGE.tag },
      targetAllocatorImage: { repository: TARGET_ALLOCATOR_IMAGE.repository, tag: TARGET_ALLOCATOR_IMAGE.tag },
      createRbacPermissions: false,
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    },
    admissionWebhooks: { certManager: { enabled: true }, autoGenerateCert: { enabled: false } },
    // busybox 1.37.0: the current stable busybox release, instead of the chart's floating `latest`.
    testFramework: { image: { repository: 'busybox', tag: '1.37.0' } },
    crds: { create: true, annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' } },
  },
};
