import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HardenedWorkload } from '../../charts/hardened-workload';
import { K6_IMAGE, LOAD_GENERATOR_CONTAINER } from '../../charts/load-generator';
import { SCRAPE_ANNOTATIONS } from '../../platform/telemetry/scrape-jobs';
import { componentSelector, NAME_LABEL } from '../app-labels';
import { resolveImages } from '../container-images';
import { floatingImageException } from '../floating-image-exceptions';
import { EntryPoint, renderLoadGenerator } from '../entry-point';
import { podSecurityException } from '../pod-security-exceptions';
import { WorkloadProps } from '../workload-definition';
import {
  downstreamValue,
  Ho11yComponent,
  HO11Y_COMPONENTS,
  HO11Y_CONTAINER,
  HO11Y_ENTRY_COMPONENT,
  HO11Y_MAX_DOWNSTREAMS,
  HO11Y_PORT,
  HO11Y_SERVICE_PORT,
  HO11Y_UID,
} from './ho11y-topology';

export const HO11Y_CHART = 'ho11y';

/**
 * Upstream publishes ho11y only under the floating tags `:latest` (public.ecr.aws/z0a4o2j5/ho11y)
 * and `:stable` (public.ecr.aws/mhausenblas/ho11y); no versioned tag exists to pin. The default is
 * `:stable`, the one reasoned floating image of workloads/floating-image-exceptions.ts, so the
 * example runs on the first deploy; a fleet pins its build with `apps.<app>.images.ho11y`.
 */
const HO11Y_DEFAULT_IMAGE = 'public.ecr.aws/mhausenblas/ho11y:stable';

/** Labels selecting one component's pods. */
export function ho11ySelector(appName: string, component: string): Record<string, string> {
  return componentSelector(appName, { app: component });
}

/** The entry point users and the load generator reach. */
export function ho11yEntryPoint(appName: string): EntryPoint {
  return {
    service: HO11Y_ENTRY_COMPONENT,
    servicePort: HO11Y_SERVICE_PORT,
    containerPort: HO11Y_PORT,
    podLabels: ho11ySelector(appName, HO11Y_ENTRY_COMPONENT),
    paths: ['/'],
  };
}

/**
 * ho11y's three components, each a hardened Deployment and Service, plus the load generator.
 * Pods carry the `prometheus.io/*` annotations the collectors' pod scrape job reads, and send
 * traces to the traces collector over OTLP gRPC.
 */
export class Ho11yChart extends Chart {
  public constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id, { namespace: props.namespace });
    const images = resolveImages({
      appName: props.appName,
      defaults: { [HO11Y_CONTAINER]: HO11Y_DEFAULT_IMAGE, [LOAD_GENERATOR_CONTAINER]: K6_IMAGE },
      overrides: props.images,
    });

    for (const component of HO11Y_COMPONENTS) {
      new HardenedWorkload(this, component.name, {
        name: component.name,
        selectorLabels: ho11ySelector(props.appName, component.name),
        labels: { [NAME_LABEL]: HO11Y_CHART },
        podAnnotations: {
          [SCRAPE_ANNOTATIONS.scrape]: 'true',
          [SCRAPE_ANNOTATIONS.port]: String(HO11Y_PORT),
          [SCRAPE_ANNOTATIONS.path]: '/metrics',
        },
        container: {
          name: HO11Y_CONTAINER,
          image: images[HO11Y_CONTAINER],
          floatingTagReason: floatingImageException(HO11Y_CHART, HO11Y_CONTAINER, images[HO11Y_CONTAINER])?.reason,
          port: { name: 'http', number: HO11Y_PORT },
          env: ho11yEnvironment(component, props.otlpGrpcEndpoint),
          resources: { cpuRequestMillis: 20, cpuLimitMillis: 250, memoryRequestMebibytes: 32, memoryLimitMebibytes: 128 },
          // TCP probes: every HTTP request to ho11y (probes included) becomes a trace in X-Ray.
          readiness: kplus.Probe.fromTcpSocket({ port: HO11Y_PORT, periodSeconds: Duration.seconds(10) }),
          liveness: kplus.Probe.fromTcpSocket({ port: HO11Y_PORT, initialDelaySeconds: Duration.seconds(10), periodSeconds: Duration.seconds(20) }),
          runAsUser: HO11Y_UID,
          podSecurityException: podSecurityException(HO11Y_CHART, HO11Y_CONTAINER),
        },
        service: { port: HO11Y_SERVICE_PORT, exposure: component.name === HO11Y_ENTRY_COMPONENT ? props.exposure : 'none' },
      });
    }

    renderLoadGenerator(this, props, ho11yEntryPoint(props.appName), images[LOAD_GENERATOR_CONTAINER]);
  }
}

/** ho11y's configuration, all of which it reads from the environment. */
function ho11yEnvironment(component: Ho11yComponent, otlpGrpcEndpoint: string): Record<string, string> {
  if (component.downstreams.length > HO11Y_MAX_DOWNSTREAMS) {
    throw new Error(`ho11y component "${component.name}" has ${component.downstreams.length} downstreams; ho11y reads at most ${HO11Y_MAX_DOWNSTREAMS}.`);
  }
  return {
    // Plain Prometheus text: the collectors' scrape job does not need exemplars. ho11y only
    // checks that the variable is set; "true" rather than the original "on", which YAML 1.1
    // readers (kubectl, ArgoCD) would turn into a boolean.
    DISABLE_OM: 'true',
    HO11Y_LOG_DEST: 'stdout',
    OTEL_RESOURCE_ATTRIB: component.name,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpGrpcEndpoint,
    ...(component.injectFailure ? { HO11Y_INJECT_FAILURE: 'enabled' } : {}),
    ...Object.fromEntries(component.downstreams.map((downstream, index) => [`DOWNSTREAM${index}`, downstreamValue(downstream)])),
  };
}
