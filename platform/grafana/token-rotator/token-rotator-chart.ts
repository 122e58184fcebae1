import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { GRAFANA_FACTS } from '../../cluster-facts';
import { GRAFANA_TOKEN } from './token-contract';
import { specHash } from '../spec-hash';

/**
 * Node.js runtime of the rotator: Google's distroless image (no shell, no package manager, runs as
 * uid 65532), pinned by digest. Its entrypoint is `node`, so the args name the script.
 */
export const ROTATOR_NODE_IMAGE = 'gcr.io/distroless/nodejs22-debian12:nonroot@sha256:13593b7570658e8477de39e2f4a1dd25db2f836d68a0ba771251572d23bb4f8e';

/** The rotator's JavaScript, built from `main.ts` by `npm run build:rotator` and committed. */
export const ROTATOR_BUNDLE_FILE = join(__dirname, 'rotator.bundle.js');

const SCRIPT_KEY = 'rotator.js';
const SCRIPT_DIR = '/opt/grafana-token-rotator';

export interface TokenRotatorChartProps {
  /** Region of the Grafana workspace (the monitoring account's). */
  readonly grafanaRegion: string;
  /** Namespace of the Secret and the rotator. Default: grafana-operator. */
  readonly namespace?: string;
  /** The script to run. Default: the committed bundle. */
  readonly script?: string;
}

/**
 * Keeps grafana-operator's workspace token fresh without a hand step: a Job that creates the first
 * token as soon as the cluster syncs (its Application is healthy only once the Job completed, so
 * the Grafana objects of the next wave find the token), and an hourly CronJob that replaces the
 * token when half its one-day lifetime is gone and deletes expired ones.
 *
 * Least privilege: the pod runs restricted; its service account may `get` and `update` that one
 * Secret and nothing else; its AWS role (EKS Pod Identity, chained into the monitoring account)
 * may call only the token APIs of the workspace.
 */
export class TokenRotatorChart extends Chart {
  public constructor(scope: Construct, id: string, props: TokenRotatorChartProps) {
    super(scope, id);
    const namespace = props.namespace ?? GRAFANA_TOKEN.namespace;
    const name = GRAFANA_TOKEN.rotatorServiceAccount;
    const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'grafana-operator' };
    const script = props.script ?? readFileSync(ROTATOR_BUNDLE_FILE, 'utf8');

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name, namespace, labels }, automountServiceAccountToken: true });
    new k8s.KubeRole(this, 'Role', {
      metadata: { name, namespace, labels },
      // `create` cannot be limited to one name, so the Secret exists beforehand (the AWS layer makes it).
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [GRAFANA_TOKEN.secretName], verbs: ['get', 'update'] }],
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name, namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    });
    const scriptMap = new k8s.KubeConfigMap(this, 'Script', { metadata: { name, namespace, labels }, data: { [SCRIPT_KEY]: script } });

    const podTemplate: k8s.PodTemplateSpec = {
      metadata: { labels },
      spec: {
        serviceAccountName: name,
        restartPolicy: 'Never',
        securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'rotator',
            image: ROTATOR_NODE_IMAGE,
            args: [`${SCRIPT_DIR}/${SCRIPT_KEY}`],
            env: [
              { name: 'GRAFANA_REGION', value: props.grafanaRegion },
              // The pod waits (CreateContainerConfigError, retried) until the AWS layer has written the fact.
              { name: 'GRAFANA_WORKSPACE_ID', valueFrom: { configMapKeyRef: { name: GRAFANA_FACTS.name, key: GRAFANA_FACTS.keys.workspaceId } } },
            ],
            resources: {
              requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('48Mi') },
              limits: { cpu: k8s.Quantity.fromString('200m'), memory: k8s.Quantity.fromString('128Mi') },
            },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            volumeMounts: [{ name: 'script', mountPath: SCRIPT_DIR, readOnly: true }],
          },
        ],
        volumes: [{ name: 'script', configMap: { name: scriptMap.name } }],
      },
    };

    const firstTokenSpec: k8s.JobSpec = { backoffLimit: 10, template: podTemplate };
    new k8s.KubeJob(this, 'FirstToken', {
      // Named after its spec: a changed Job is a new object, an unchanged one is left alone on every sync.
      metadata: { name: `${name}-first-token-${specHash(firstTokenSpec)}`, namespace, labels },
      spec: firstTokenSpec,
    });
    new k8s.KubeCronJob(this, 'Rotation', {
      metadata: { name, namespace, labels },
      spec: {
        schedule: GRAFANA_TOKEN.schedule,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 600,
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: { metadata: { labels }, spec: { backoffLimit: 2, template: podTemplate } },
      },
    });
  }
}
