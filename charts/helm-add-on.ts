import { Construct } from 'constructs';
import { ArgoCdApplication } from './argocd-application';
import { ApplicationSpecIgnoreDifferences } from './imports/argocd-application-argoproj.io';

export interface HelmAddOnProps<Values extends object> {
  /** Application and Helm release name. */
  readonly name: string;
  /** AppProject of the add-on. */
  readonly project: string;
  /** Namespace the chart installs into. */
  readonly namespace: string;
  /** Exact Helm repository URL (https or oci). */
  readonly repoUrl: string;
  /** Chart name in that repository. */
  readonly chart: string;
  /** Exact chart version; ranges are refused because they float. */
  readonly version: string;
  /** Chart values, typed by the caller. */
  readonly values: Values;
  /** Order among sibling Applications. Default: 0. */
  readonly syncWave?: number;
  /** Apply with server-side apply (large CRDs exceed the client-side annotation limit). Default: false. */
  readonly serverSideApply?: boolean;
  /** Let ArgoCD create the namespace. Default: false (platform namespaces are rendered with Pod Security labels). */
  readonly createNamespace?: boolean;
  /** Fields operators or webhooks mutate. Default: none. */
  readonly ignoreDifferences?: readonly ApplicationSpecIgnoreDifferences[];
}

const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[\w.]+)?$/;

/**
 * An upstream Helm chart installed by ArgoCD: an Application with a Helm source, a pinned chart
 * version and values written in TypeScript (`valuesObject`, so they are reviewed as YAML in the
 * rendered diff rather than hidden in a string).
 */
export class HelmAddOn<Values extends object> extends Construct {
  public readonly application: ArgoCdApplication;

  public constructor(scope: Construct, id: string, props: HelmAddOnProps<Values>) {
    super(scope, id);
    if (!EXACT_VERSION.test(props.version)) {
      throw new Error(`Helm add-on "${props.name}" has version "${props.version}"; pin an exact chart version such as 1.2.3.`);
    }
    const syncOptions = [
      ...(props.createNamespace ? ['CreateNamespace=true'] : []),
      ...(props.serverSideApply ? ['ServerSideApply=true'] : []),
    ];
    this.application = new ArgoCdApplication(this, 'Application', {
      name: props.name,
      project: props.project,
      destinationNamespace: props.namespace,
      syncWave: props.syncWave,
      syncOptions,
      ignoreDifferences: props.ignoreDifferences,
      source: {
        repoUrl: props.repoUrl,
        chart: props.chart,
        targetRevision: props.version,
        helm: { releaseName: props.name, valuesObject: props.values },
      },
    });
  }
}
