import { aws_eks as eks } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FactsConfigMap as FactsConfigMapContract } from '../../../platform/cluster-facts';

export interface FactsConfigMapProps<K extends string> {
  /** The cluster to write into. */
  readonly cluster: eks.ICluster;
  /** Name, namespace and keys of the ConfigMap, from `platform/cluster-facts.ts`. */
  readonly contract: FactsConfigMapContract & { readonly keys: Readonly<Record<K, string>> };
  /** Value of every logical key; tokens (e.g. a workspace id) resolve at deploy time. */
  readonly values: Readonly<Record<K, string>>;
}

/**
 * Writes facts known only after deploy into a ConfigMap the rendered YAML reads, creating its
 * namespace so the ConfigMap can exist before ArgoCD syncs the rest of the namespace.
 */
export class FactsConfigMap<K extends string> extends Construct {
  public readonly manifest: eks.KubernetesManifest;

  public constructor(scope: Construct, id: string, props: FactsConfigMapProps<K>) {
    super(scope, id);
    const data: Record<string, string> = {};
    for (const [logical, key] of Object.entries(props.contract.keys) as [K, string][]) {
      data[key] = props.values[logical];
    }
    this.manifest = new eks.KubernetesManifest(this, 'Manifest', {
      cluster: props.cluster,
      overwrite: true,
      manifest: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: props.contract.namespace } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: props.contract.name, namespace: props.contract.namespace }, data },
      ],
    });
  }
}
