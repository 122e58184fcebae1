import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HardenedWorkload } from './hardened-workload';

/**
 * k6 (https://grafana.com/docs/k6/) with its multi-arch index digest, so every node pulls the
 * same build. The image runs as uid 12345 (`USER 12345` in its Dockerfile).
 */
export const K6_IMAGE = 'docker.io/grafana/k6:1.7.1@sha256:4fd3a694926b064d3491d9b02b01cde886583c4931f1223816e3d9a7bdfa7e0f';
const K6_UID = 12345;

/** Name of the load generator's container (also its image-override key). */
export const LOAD_GENERATOR_CONTAINER = 'load-generator';

/** Port of k6's REST API, which the probes read. */
export const K6_API_PORT = 6565;

/** Environment variable holding the JSON list of URLs the load generator requests (read by `K6_SCRIPT`). */
export const TARGET_URLS_ENV = 'TARGET_URLS';

/**
 * The k6 script. It is fixed text; everything that varies comes in through environment
 * variables, so the rendered ConfigMap never changes with the fleet. `constant-arrival-rate`
 * starts requests at evenly spaced instants whatever the response times, which is what makes
 * the rate steady; targets are requested in turn, one per iteration.
 */
export const K6_SCRIPT = `import http from 'k6/http';
import exec from 'k6/execution';

const targets = JSON.parse(__ENV.TARGET_URLS);

export const options = {
  discardResponseBodies: true,
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate',
      rate: parseInt(__ENV.REQUESTS_PER_MINUTE, 10),
      timeUnit: '1m',
      duration: __ENV.RUN_DURATION,
      preAllocatedVUs: parseInt(__ENV.PREALLOCATED_VUS, 10),
      maxVUs: parseInt(__ENV.MAX_VUS, 10),
    },
  },
};

export default function () {
  const url = targets[exec.scenario.iterationInTest % targets.length];
  http.get(url, { timeout: '10s', tags: { name: url } });
}
`;

export interface LoadGeneratorProps {
  /** Name of the Deployment and prefix of its ConfigMap. */
  readonly name: string;
  /** URLs requested in turn; at least one. */
  readonly targets: readonly string[];
  /** Requests per second over all targets; at least one request a minute is sent. */
  readonly requestsPerSecond: number;
  /** Labels selecting the load generator's pods. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** More labels on everything. Default: none. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Image override. Default: `K6_IMAGE`. */
  readonly image?: string;
}

/**
 * Synthetic traffic at a steady rate, so dashboards have data without anyone running a curl
 * loop. k6 runs with its summary and thresholds off (k6's advice for long runs: nothing is kept
 * in memory per request) and without its anonymous usage report; the test is a year long, the
 * Deployment restarts it after that.
 */
export class LoadGenerator extends Construct {
  public readonly workload: HardenedWorkload;

  public constructor(scope: Construct, id: string, props: LoadGeneratorProps) {
    super(scope, id);
    if (props.targets.length === 0) {
      throw new Error(`Load generator "${props.name}" has no target; give it at least one URL.`);
    }
    if (!(props.requestsPerSecond > 0)) {
      throw new Error(`Load generator "${props.name}" has rate ${props.requestsPerSecond}; the rate must be above 0 requests per second.`);
    }
    const requestsPerMinute = Math.max(1, Math.round(props.requestsPerSecond * 60));
    // Enough virtual users for every request to wait out its 10 s timeout at the given rate.
    const maxVirtualUsers = Math.max(2, Math.ceil(props.requestsPerSecond * 10));
    const script = new kplus.ConfigMap(this, 'Script', {
      metadata: { name: `${props.name}-script`, labels: { ...props.labels, ...props.selectorLabels } },
      data: { 'load.js': K6_SCRIPT },
    });
    const apiProbe = (initialDelaySeconds: number) =>
      kplus.Probe.fromHttpGet('/v1/status', { port: K6_API_PORT, initialDelaySeconds: Duration.seconds(initialDelaySeconds), periodSeconds: Duration.seconds(15) });

    this.workload = new HardenedWorkload(this, 'Workload', {
      name: props.name,
      selectorLabels: props.selectorLabels,
      labels: props.labels,
      container: {
        name: LOAD_GENERATOR_CONTAINER,
        image: props.image ?? K6_IMAGE,
        port: { name: 'k6-api', number: K6_API_PORT },
        args: ['run', '--address', `0.0.0.0:${K6_API_PORT}`, '--no-summary', '--no-thresholds', '--no-usage-report', '--quiet', '/scripts/load.js'],
        env: {
          [TARGET_URLS_ENV]: JSON.stringify(props.targets),
          REQUESTS_PER_MINUTE: String(requestsPerMinute),
          RUN_DURATION: '8760h',
          PREALLOCATED_VUS: String(Math.max(1, Math.ceil(maxVirtualUsers / 4))),
          MAX_VUS: String(maxVirtualUsers),
        },
        resources: { cpuRequestMillis: 20, cpuLimitMillis: 500, memoryRequestMebibytes: 64, memoryLimitMebibytes: 256 },
        readiness: apiProbe(5),
        liveness: apiProbe(15),
        runAsUser: K6_UID,
        writableDirectories: [{ path: '/tmp', sizeLimitMebibytes: 16 }],
        configMapMounts: [{ path: '/scripts', configMap: script }],
      },
    });
  }

  /** Labels on the load generator's pods; NetworkPolicies select them. */
  public get podLabels(): Readonly<Record<string, string>> {
    return this.workload.podLabels;
  }
}
