import { aws_eks as eks } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AwsLayerNamespace, FactsConfigMap as FactsConfigMapContract } from '../../../platform/cluster-facts';
import { podSecurityLabels } from '../../../platform/platform-namespaces';

export interface FactsConfigMapProps<K extends string> {
  /** The cluster to write into. */
  readonly cluster: eks.ICluster;
  /** Name, namespace and keys of the ConfigMap, from `platform/cluster-facts.ts`. */
  readonly contract: FactsConfigMapContract & { readonly keys: Readonly<Record<K, string>> };
  /** Value of every logical key; tokens (e.g. a workspace id) resolve at deploy time. */
  readonly values: Readonly<Record<K, string>>;
  /** The namespace as the AWS layer owns it (the render never creates it), with its Pod Security level. */
  readonly namespace: AwsLayerNamespace;
}

/**
 * Writes facts known only after deploy into a ConfigMap the rendered YAML reads, creating its
 * namespace (this layer is its only owner, labelled with its Pod Security level) so the ConfigMap
 * exists before ArgoCD syncs anything into the namespace.
 */
export class FactsConfigMap<K extends string> extends Construct {
  public readonly manifest: eks.KubernetesManifest;

  public constructor(scope: Construct, id: string, props: FactsConfigMapProps<K>) {
    super(scope, id);
    if (props.namespace.name !== props.contract.namespace) {
      throw new Error(`FactsConfigMap ${props.contract.name} belongs in namespace ${props.contract.namespace}, was given ${props.namespace.name}`);
    }
    const data: Record<string, string> = {};
    for (const [logical, key] of Object.entries(props.contract.keys) as [K, string][]) {
      data[key] = props.values[logical];
    }
    this.manifest = new eks.KubernetesManifest(this, 'Manifest', {
      cluster: props.cluster,
      overwrite: true,
      manifest: [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: props.namespace.name, labels: { 'app.kubernetes.io/managed-by': 'aws-layer', ...podSecurityLabels(props.namespace.podSecurity) } },
        },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: props.contract.name, namespace: props.contract.namespace }, data },
      ],
    });
  }
}
