import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Grafana } from '../../charts/imports/grafana-grafana.integreatly.org';
import { GRAFANA_FACTS } from '../cluster-facts';
import { specHash } from './spec-hash';

/**
 * `kubectl` for the job that fills in the workspace URL: the official image, shell-free, run with
 * kubectl as its entrypoint; pinned to the Kubernetes minor the clusters run.
 */
export const KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.35.0';

/** Shown until the URL job runs; `.invalid` can never resolve (RFC 2606). */
export const PENDING_WORKSPACE_URL = 'https://grafana-workspace-url-pending.invalid';

export interface GrafanaInstanceProps {
  /** Namespace of the `Grafana` object (the operator's). */
  readonly namespace: string;
  /** Name of the `Grafana` object. Default: amazon-managed-grafana. */
  readonly name?: string;
  /** Secret (never committed) with the workspace service-account token. Default: grafana-api-token. */
  readonly tokenSecret?: { readonly name: string; readonly key: string };
}

/**
 * The Amazon Managed Grafana workspace as grafana-operator sees it: an external `Grafana`.
 *
 * The workspace URL exists only after `cdk deploy`, and `spec.external.url` cannot be read from a
 * ConfigMap (grafana-operator has `valuesFrom` for data sources, not for instances). So the object
 * is committed with a placeholder URL that ArgoCD is told to leave alone, and a Job copies
 * `GRAFANA_URL` from the `grafana-facts` ConfigMap the AWS layer writes into `spec.external.url`.
 * Kubernetes itself expands `$(GRAFANA_URL)` in the Job's arguments: no script, no shell.
 */
export class GrafanaInstance extends Construct {
  /** Labels every data source, folder and dashboard selects this instance by. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  public readonly name: string;
  /** The Job that writes the workspace URL into the `Grafana` object. */
  public readonly urlJob: ApiObject;
  /** Labels of the URL Job (its name carries a hash of its spec). */
  public readonly urlJobLabels: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: GrafanaInstanceProps) {
    super(scope, id);
    this.name = props.name ?? 'amazon-managed-grafana';
    const tokenSecret = props.tokenSecret ?? { name: 'grafana-api-token', key: 'token' };
    this.selectorLabels = { 'grafana.integreatly.org/instance': this.name };

    new Grafana(this, 'Grafana', {
      metadata: { name: this.name, namespace: props.namespace, labels: { ...this.selectorLabels } },
      spec: {
        external: {
          url: PENDING_WORKSPACE_URL,
          apiKey: { name: tokenSecret.name, key: tokenSecret.key },
        },
      },
    });

    const jobName = `${this.name}-url`;
    const labels = { 'app.kubernetes.io/name': jobName, 'app.kubernetes.io/part-of': 'grafana-operator' };
    this.urlJobLabels = labels;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: jobName, namespace: props.namespace, labels },
      automountServiceAccountToken: true,
    });
    new k8s.KubeRole(this, 'Role', {
      metadata: { name: jobName, namespace: props.namespace, labels },
      // Only this one object, only read and patch.
      rules: [{ apiGroups: ['grafana.integreatly.org'], resources: ['grafanas'], resourceNames: [this.name], verbs: ['get', 'patch'] }],
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: jobName, namespace: props.namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: jobName },
      subjects: [{ kind: 'ServiceAccount', name: jobName, namespace: props.namespace }],
    });

    const urlPatch = { spec: { external: { url: `$(${GRAFANA_FACTS.keys.workspaceUrl})` } } };
    const jobSpec: k8s.JobSpec = {
      backoffLimit: 20,
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: jobName,
          restartPolicy: 'OnFailure',
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'kubectl',
              image: KUBECTL_IMAGE,
              args: ['patch', 'grafanas.grafana.integreatly.org', this.name, '--namespace', props.namespace, '--type', 'merge', '--patch', JSON.stringify(urlPatch)],
              env: [
                // The pod waits (CreateContainerConfigError, retried) until the AWS layer has written the fact.
                { name: GRAFANA_FACTS.keys.workspaceUrl, valueFrom: { configMapKeyRef: { name: GRAFANA_FACTS.name, key: GRAFANA_FACTS.keys.workspaceUrl } } },
                // kubectl caches API discovery under $HOME.
                { name: 'HOME', value: '/tmp' },
              ],
              resources: {
                requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('32Mi') },
                limits: { cpu: k8s.Quantity.fromString('200m'), memory: k8s.Quantity.fromString('128Mi') },
              },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    };
    // A Job's pod template is immutable. Its name carries a hash of its spec, so a changed Job is a
    // new object (the old one is pruned) instead of one ArgoCD must replace, and an unchanged Job
    // is left alone on every sync.
    const job = new k8s.KubeJob(this, 'UrlJob', {
      metadata: { name: `${jobName}-${specHash(jobSpec)}`, namespace: props.namespace, labels },
      spec: jobSpec,
    });
    this.urlJob = job;
  }
}

