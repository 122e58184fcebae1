import { PLATFORM_NAMESPACES } from '../platform-namespaces';
import { SYNC_WAVES } from '../sync-waves';
import { HelmResources, INJECTED_CA_BUNDLES, PlatformAddOn } from './platform-add-on';

/** The values of the jetstack cert-manager chart this repository sets. */
export interface CertManagerValues {
  /** Install the CRDs with the chart, annotated so Helm (and a pruning uninstall) keeps them. */
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  /** The chart defaults to a lease in kube-system, which the platform project may not write to. */
  readonly global: { readonly leaderElection: { readonly namespace: string } };
  readonly resources: HelmResources;
  readonly webhook: { readonly resources: HelmResources };
  readonly cainjector: { readonly resources: HelmResources };
  readonly startupapicheck: { readonly resources: HelmResources };
}

/**
 * cert-manager issues the serving certificates of the OpenTelemetry operator's webhooks.
 *
 * Version v1.21.2: the latest patch of the newest minor (release notes "v1.21.2 fixes controller
 * and webhook panics ... All users should upgrade", github.com/cert-manager/cert-manager releases),
 * chart published with the same version at https://charts.jetstack.io.
 */
export const CERT_MANAGER: PlatformAddOn<CertManagerValues> = {
  name: 'cert-manager',
  namespace: PLATFORM_NAMESPACES.certManager,
  repoUrl: 'https://charts.jetstack.io',
  chart: 'cert-manager',
  version: 'v1.21.2',
  wave: SYNC_WAVES.certManager,
  serverSideApply: true,
  ignoreDifferences: INJECTED_CA_BUNDLES,
  values: {
    crds: { enabled: true, keep: true },
    global: { leaderElection: { namespace: PLATFORM_NAMESPACES.certManager } },
    resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '250m', memory: '256Mi' } },
    webhook: { resources: { requests: { cpu: '25m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } } },
    cainjector: { resources: { requests: { cpu: '25m', memory: '128Mi' }, limits: { cpu: '100m', memory: '256Mi' } } },
    startupapicheck: { resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } } },
  },
};
