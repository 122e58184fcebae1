import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ContainerResources, HardenedWorkload, WritableDirectory } from '../../charts/hardened-workload';
import { K6_IMAGE, LOAD_GENERATOR_CONTAINER } from '../../charts/load-generator';
import { componentSelector, NAME_LABEL } from '../app-labels';
import { resolveImages } from '../container-images';
import { EntryPoint, renderLoadGenerator } from '../entry-point';
import { hardWiredPeersAnnotation } from '../hard-wired-peers';
import { podSecurityException } from '../pod-security-exceptions';
import { WorkloadProps } from '../workload-definition';
import { yelbComponent, YelbComponent, YelbComponentName, YELB_COMPONENTS, YELB_ENTRY_COMPONENT, YELB_LOAD_PATHS } from './yelb-topology';

export const YELB_CHART = 'yelb';

/**
 * ArgoCD sync options on the database's objects: never prune them (an object dropped from the
 * chart by mistake keeps running) and keep them when the Application itself is deleted.
 */
export const STATEFUL_SYNC_OPTIONS = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' } as const;

/** Labels selecting one component's pods: the original `app` and `tier`, plus the fleet app. */
export function yelbSelector(appName: string, component: YelbComponent): Record<string, string> {
  return componentSelector(appName, { app: component.name, tier: component.tier });
}

/** The entry point users and the load generator reach. */
export function yelbEntryPoint(appName: string): EntryPoint {
  const ui = yelbComponent(YELB_ENTRY_COMPONENT);
  return { service: ui.name, servicePort: ui.port, containerPort: ui.port, podLabels: yelbSelector(appName, ui), paths: YELB_LOAD_PATHS };
}

/** How each image is run: sizes, probes, identity and where it writes. */
interface YelbRuntime {
  readonly resources: ContainerResources;
  readonly readiness: kplus.Probe;
  readonly liveness: kplus.Probe;
  /** Omitted only for the image listed in the pod security exceptions as running as root. */
  readonly runAsUser?: number;
  readonly writableDirectories?: readonly WritableDirectory[];
  readonly env?: Readonly<Record<string, string>>;
  /** Holds data: recreate on update and never prune. */
  readonly stateful?: boolean;
}

const POSTGRES_DATA = '/var/lib/postgresql/data';

const YELB_RUNTIME: Readonly<Record<YelbComponentName, YelbRuntime>> = {
  'yelb-ui': {
    resources: { cpuRequestMillis: 20, cpuLimitMillis: 200, memoryRequestMebibytes: 32, memoryLimitMebibytes: 128 },
    readiness: kplus.Probe.fromHttpGet('/', { port: 80, periodSeconds: Duration.seconds(10) }),
    liveness: kplus.Probe.fromHttpGet('/', { port: 80, initialDelaySeconds: Duration.seconds(10), periodSeconds: Duration.seconds(20) }),
  },
  'yelb-appserver': {
    resources: { cpuRequestMillis: 50, cpuLimitMillis: 500, memoryRequestMebibytes: 96, memoryLimitMebibytes: 256 },
    // /api/hostname answers without touching redis or postgres, so a database outage does not
    // get the appserver restarted.
    readiness: kplus.Probe.fromHttpGet('/api/hostname', { port: 4567, periodSeconds: Duration.seconds(10) }),
    liveness: kplus.Probe.fromHttpGet('/api/hostname', { port: 4567, initialDelaySeconds: Duration.seconds(15), periodSeconds: Duration.seconds(20) }),
    runAsUser: 1001,
    writableDirectories: [{ path: '/tmp', sizeLimitMebibytes: 16 }],
  },
  'redis-server': {
    resources: { cpuRequestMillis: 20, cpuLimitMillis: 200, memoryRequestMebibytes: 32, memoryLimitMebibytes: 128 },
    readiness: kplus.Probe.fromCommand(['redis-cli', 'ping'], { periodSeconds: Duration.seconds(10) }),
    liveness: kplus.Probe.fromTcpSocket({ port: 6379, initialDelaySeconds: Duration.seconds(10), periodSeconds: Duration.seconds(20) }),
    runAsUser: 999,
    writableDirectories: [{ path: '/data', sizeLimitMebibytes: 128 }],
  },
  'yelb-db': {
    resources: { cpuRequestMillis: 50, cpuLimitMillis: 500, memoryRequestMebibytes: 128, memoryLimitMebibytes: 512 },
    readiness: kplus.Probe.fromCommand(['pg_isready', '--host', '127.0.0.1', '--port', '5432', '--username', 'postgres'], { periodSeconds: Duration.seconds(10) }),
    // The first start runs initdb and the init script before postgres listens on TCP.
    liveness: kplus.Probe.fromTcpSocket({ port: 5432, initialDelaySeconds: Duration.seconds(30), periodSeconds: Duration.seconds(20), failureThreshold: 6 }),
    runAsUser: 999,
    // PGDATA one level below the mount point so initdb creates (and owns) it.
    env: { PGDATA: `${POSTGRES_DATA}/pgdata` },
    writableDirectories: [
      { path: POSTGRES_DATA, sizeLimitMebibytes: 1024 },
      { path: '/var/run/postgresql', sizeLimitMebibytes: 1 },
      { path: '/tmp', sizeLimitMebibytes: 64 },
    ],
    stateful: true,
  },
};

/**
 * yelb's four tiers, each a hardened Deployment and Service, plus the load generator. Votes live
 * in an emptyDir: they survive container restarts, not the pod's deletion (a volume claim would
 * need a storage driver the platform does not install).
 */
export class YelbChart extends Chart {
  public constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id, { namespace: props.namespace });
    const images = resolveImages<YelbComponentName | typeof LOAD_GENERATOR_CONTAINER>({
      appName: props.appName,
      defaults: {
        ...(Object.fromEntries(YELB_COMPONENTS.map((component) => [component.name, component.image])) as Record<YelbComponentName, string>),
        [LOAD_GENERATOR_CONTAINER]: K6_IMAGE,
      },
      overrides: props.images,
    });

    for (const component of YELB_COMPONENTS) {
      const runtime = YELB_RUNTIME[component.name];
      new HardenedWorkload(this, component.name, {
        name: component.name,
        selectorLabels: yelbSelector(props.appName, component),
        labels: { [NAME_LABEL]: YELB_CHART },
        annotations: runtime.stateful ? STATEFUL_SYNC_OPTIONS : undefined,
        podAnnotations: hardWiredPeersAnnotation(component.calls.map((name) => ({ service: name, port: yelbComponent(name).port }))),
        recreateOnUpdate: runtime.stateful ?? false,
        container: {
          name: component.name,
          image: images[component.name],
          port: { name: component.portName, number: component.port },
          env: runtime.env,
          resources: runtime.resources,
          readiness: runtime.readiness,
          liveness: runtime.liveness,
          runAsUser: runtime.runAsUser,
          writableDirectories: runtime.writableDirectories,
          podSecurityException: podSecurityException(YELB_CHART, component.name),
        },
        service: { port: component.port, exposure: component.name === YELB_ENTRY_COMPONENT ? props.exposure : 'none' },
      });
    }

    renderLoadGenerator(this, props, yelbEntryPoint(props.appName), images[LOAD_GENERATOR_CONTAINER]);
  }
}
