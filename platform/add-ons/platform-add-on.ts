import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { HelmAddOn } from '../../charts/helm-add-on';
import { ApplicationSpecIgnoreDifferences } from '../../charts/imports/argocd-application-argoproj.io';
import { PLATFORM_PROJECT } from '../gitops/bootstrap-chart';
import { PLATFORM_NAMESPACES, PlatformNamespace } from '../platform-namespaces';

/**
 * An upstream Helm chart the platform installs on every cluster, pinned and configured in one
 * place. The renderer turns each into the leaf `platform/<name>` holding one ArgoCD Application
 * with a Helm source.
 */
export interface PlatformAddOn<Values extends object> {
  /** Application and Helm release name; also the leaf folder `platform/<name>`. */
  readonly name: string;
  /** Namespace the chart installs into; one of the platform's, so no team can deploy there. */
  readonly namespace: PlatformNamespace;
  /** Exact Helm repository URL. */
  readonly repoUrl: string;
  readonly chart: string;
  /** Exact chart version; the comment next to it says where it was looked up and why. */
  readonly version: string;
  /** See platform/sync-waves.ts. */
  readonly wave: number;
  /** Apply with server-side apply: needed by charts whose CRDs exceed the client-side annotation limit. */
  readonly serverSideApply: boolean;
  /** Fields controllers write after the chart is applied. */
  readonly ignoreDifferences: readonly ApplicationSpecIgnoreDifferences[];
  readonly values: Values;
}

/** Container resources in the shape every chart used here accepts. */
export interface HelmResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/**
 * cert-manager's CA injector writes the CA bundle into webhook configurations and CRD conversion
 * webhooks after they are applied; ArgoCD must not report (or revert) that as drift.
 */
export const INJECTED_CA_BUNDLES: readonly ApplicationSpecIgnoreDifferences[] = [
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
];

/** The same for CRDs served through a conversion webhook. */
export const INJECTED_CRD_CA_BUNDLES: readonly ApplicationSpecIgnoreDifferences[] = [
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jqPathExpressions: ['.spec.conversion.webhook.clientConfig.caBundle'] },
];

/** One add-on's leaf: a chart holding its ArgoCD Application. */
export class PlatformAddOnChart<Values extends object> extends Chart {
  public readonly addOn: PlatformAddOn<Values>;

  public constructor(scope: Construct, id: string, addOn: PlatformAddOn<Values>) {
    super(scope, id);
    this.addOn = addOn;
    new HelmAddOn(this, 'AddOn', {
      name: addOn.name,
      project: PLATFORM_PROJECT,
      namespace: addOn.namespace,
      repoUrl: addOn.repoUrl,
      chart: addOn.chart,
      version: addOn.version,
      values: addOn.values,
      syncWave: addOn.wave,
      serverSideApply: addOn.serverSideApply,
      ignoreDifferences: addOn.ignoreDifferences,
    });
  }
}

/** The Application objects of add-on leaves live in ArgoCD's namespace. */
export const ADD_ON_LEAF_NAMESPACE = PLATFORM_NAMESPACES.argocd;
