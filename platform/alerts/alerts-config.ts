import { PLATFORM_NAMESPACES } from '../platform-namespaces';
import { SELECTORS } from '../grafana/selectors';

/**
 * The one configuration of the AMP rules (kubernetes-mixin's `_config`): selectors, objectives,
 * windows and thresholds. Rules, dashboards and runbooks read it; change a number here and all
 * of them follow.
 */

/** One window pair of a multi-window, multi-burn-rate alert (The Site Reliability Workbook, ch. 5). */
export interface BurnRateWindow {
  /** Long window: the budget really is burning. */
  readonly long: string;
  /** Short window (1/12 of the long one): it is still burning now, so the alert resets fast. */
  readonly short: string;
  /** Multiple of the sustainable error rate, e.g. 14.4 spends 2% of a 30-day budget in 1 hour. */
  readonly burnRate: number;
}

export interface BurnRateAlert {
  readonly severity: 'critical' | 'warning';
  /** Window pairs joined with `or`. */
  readonly windows: readonly BurnRateWindow[];
  /** How long the condition holds before the alert fires. */
  readonly for: string;
}

export interface SloConfig {
  /** Prefix of the recording rules and alert names, e.g. `ho11y_availability`. */
  readonly name: string;
  /** Alert name stem in UpperCamelCase, e.g. `Ho11yAvailability`. */
  readonly alertName: string;
  /** Human wording of what a "bad" event is, for annotations. */
  readonly badEvents: string;
  /** Fraction of good events promised, e.g. 0.99. */
  readonly objective: number;
  /** Labels the SLO is measured per. */
  readonly groupBy: readonly string[];
}

export interface AvailabilitySloConfig extends SloConfig {
  readonly kind: 'availability';
  /** Counter of all requests, with its selector. */
  readonly requests: { readonly metric: string; readonly selector: string };
  /** Matcher on the same counter selecting failed requests. */
  readonly errorMatcher: string;
}

export interface LatencySloConfig extends SloConfig {
  readonly kind: 'latency';
  /** Histogram family (without `_bucket`), with its selector. */
  readonly histogram: { readonly metric: string; readonly selector: string };
  /** Latency threshold in seconds; must be one of the bucket bounds the exporter model declares. */
  readonly thresholdSeconds: number;
}

/** Page fast burns, ticket slow ones (the workbook's recommended pairs for a 30-day budget). */
export const BURN_RATE_ALERTS: readonly BurnRateAlert[] = [
  {
    severity: 'critical',
    for: '2m',
    windows: [
      { long: '1h', short: '5m', burnRate: 14.4 },
      { long: '6h', short: '30m', burnRate: 6 },
    ],
  },
  {
    severity: 'warning',
    for: '15m',
    windows: [
      { long: '1d', short: '2h', burnRate: 3 },
      { long: '3d', short: '6h', burnRate: 1 },
    ],
  },
];

export const ALERTS_CONFIG = {
  /** Name of the AMP rule groups namespace's groups get this prefix. */
  groupPrefix: 'multi-account-observability',
  /** Evaluation interval of every group. */
  interval: '1m',
  slos: {
    availability: {
      kind: 'availability',
      name: 'ho11y_availability',
      alertName: 'Ho11yAvailability',
      badEvents: 'requests answered with a 5xx status',
      // The shipped example injects failures in ho11y's frontend: 49% of its requests fail, one in
      // five of those with 501, so 9.8% of the frontend's and about 4.9% of the namespace's
      // requests are 5xx (the downstreams are called only on success). 94% keeps that at 0.81x
      // the budget, quiet, while a frontend answering only 5xx still burns past 14.4x. A service
      // without injected failures would promise 99% or more.
      objective: 0.94,
      groupBy: ['cluster', 'namespace'],
      requests: { metric: 'ho11y_total', selector: SELECTORS.ho11y },
      errorMatcher: 'http_status_code=~"5.."',
    } satisfies AvailabilitySloConfig,
    latency: {
      kind: 'latency',
      name: 'ho11y_latency',
      alertName: 'Ho11yLatency',
      // ho11y's histogram times reading a downstream's body (and a simulated backend's delay); its
      // largest bucket bound is 51.2 ms, the only useful threshold for "slow".
      badEvents: 'downstream reads slower than 51.2 ms',
      objective: 0.95,
      groupBy: ['cluster', 'namespace'],
      histogram: { metric: 'ho11y_downstream_duration_seconds', selector: SELECTORS.ho11y },
      thresholdSeconds: 0.0512,
    } satisfies LatencySloConfig,
    // The API server SLOs of kubernetes-mixin, adapted: 99% of requests without a 5xx, and 99%
    // of reads (GET, LIST; streaming subresources excluded) within 5 s, per cluster. The mixin
    // splits latency by scope (1 s per object, 5 s per namespace, 30 s cluster-wide); one 5 s
    // bound keeps the EKS API's cluster-wide lists of a small fleet from paging.
    apiserverAvailability: {
      kind: 'availability',
      name: 'apiserver_availability',
      alertName: 'KubeAPIAvailability',
      badEvents: 'API requests answered with a 5xx status',
      objective: 0.99,
      groupBy: ['cluster'],
      requests: { metric: 'apiserver_request_total', selector: SELECTORS.apiserver },
      errorMatcher: 'code=~"5.."',
    } satisfies AvailabilitySloConfig,
    apiserverReadLatency: {
      kind: 'latency',
      name: 'apiserver_read_latency',
      alertName: 'KubeAPIReadLatency',
      badEvents: 'API reads slower than 5 s',
      objective: 0.99,
      groupBy: ['cluster'],
      histogram: { metric: 'apiserver_request_duration_seconds', selector: `${SELECTORS.apiserver}, verb=~"LIST|GET", subresource!~"log|exec|portforward|attach|proxy"` },
      thresholdSeconds: 5,
    } satisfies LatencySloConfig,
  },
  collector: {
    /** Share of points or spans an exporter may fail to send before alerting. */
    exportFailureRatio: 0.01,
    exportFailureFor: '10m',
    /** Exporter queue fill level that means the backend cannot keep up. */
    queueFillRatio: 0.8,
    queueFor: '10m',
    /** memory_limiter refusing data means the collector is at its memory limit. */
    refusedFor: '5m',
    /** Working set / memory limit of a collector container. */
    memoryLimitRatio: 0.9,
    memoryFor: '15m',
    namespace: PLATFORM_NAMESPACES.collectors,
  },
  pods: {
    crashLoopingFor: '15m',
    notReadyFor: '15m',
  },
  nodes: {
    /** Available memory below this share of the total. */
    memoryAvailableRatio: 0.1,
    memoryFor: '15m',
    /** Free space below this share of a filesystem. */
    filesystemAvailableRatio: 0.1,
    filesystemFor: '30m',
    /** Filesystems worth alerting on: the node's own, not tmpfs or overlays. */
    filesystemSelector: 'fstype=~"ext4|xfs"',
    /** Interface errors per byte moved, over 5 minutes (about one error per megabyte). */
    networkErrorsPerByte: 0.000001,
    networkErrorsFor: '1h',
    /**
     * A filesystem predicted to fill up (node-exporter mixin's NodeFilesystemSpaceFillingUp
     * warning): less than this share free, and the trend over `predictionSample` reaches zero
     * within `predictionHours`.
     */
    fillingUpAvailableRatio: 0.4,
    fillingUpPredictionSample: '6h',
    fillingUpPredictionHours: 24,
    fillingUpFor: '1h',
  },
  metaMonitoring: {
    /** How long a cluster or job may send nothing before alerting (a collector restart takes about a minute). */
    absentFor: '10m',
  },
  workloads: {
    /** A Deployment or StatefulSet short of replicas, or a DaemonSet not fully scheduled, for this long. */
    replicasMismatchFor: '15m',
    /** A container waiting (image pull, config error) for this long. */
    containerWaitingFor: '1h',
    /** A Job failed. */
    jobFailedFor: '15m',
    /** A Deployment or StatefulSet whose controller has not acted on its latest spec (a failed change, not rolled back). */
    generationMismatchFor: '15m',
    /** A rollout making no progress (Deployment past its progress deadline, StatefulSet or DaemonSet not updating). */
    rolloutStuckFor: '15m',
    /** A Job still running this long after it started (kubernetes-mixin's 12 hours). */
    jobTimeoutHours: 12,
    jobNotCompletedFor: '15m',
  },
  resources: {
    /** Share of CPU periods throttled before alerting, as kubernetes-mixin's CPUThrottlingHigh. */
    cpuThrottlingRatio: 0.25,
    cpuThrottlingFor: '15m',
  },
  storage: {
    /** Free space below this share of a persistent volume. */
    volumeAvailableRatio: 0.03,
    volumeFor: '1m',
    /** Free inodes below this share of a persistent volume's. */
    inodesAvailableRatio: 0.03,
    inodesFor: '1m',
    /**
     * The warning before the critical (kubernetes-mixin's): less than this share of space or inodes
     * free, and the trend over `predictionSample` reaches zero within `predictionDays`.
     */
    predictiveAvailableRatio: 0.15,
    predictionSample: '6h',
    predictionDays: 4,
    predictiveFor: '1h',
    /** A persistent volume Failed or Pending this long. */
    volumeErrorsFor: '5m',
  },
  kubelet: {
    nodeNotReadyFor: '15m',
    /** Pods on a node as a share of its pod capacity. */
    tooManyPodsRatio: 0.95,
    tooManyPodsFor: '15m',
    /**
     * PLEG relists slower than `plegSlowSeconds` (a bucket bound of the relist histogram) in more
     * than `plegSlowRatio` of relists: kubernetes-mixin's 99th percentile of 10 s or more.
     */
    plegSlowSeconds: 10,
    plegSlowRatio: 0.01,
    plegFor: '5m',
    /** A schedulable node under memory, disk or PID pressure for this long. */
    pressureFor: '10m',
    /** More Ready transitions than this in 15 minutes is a flapping node. */
    readinessChangesPer15m: 2,
    readinessFlappingFor: '15m',
  },
  apiserver: {
    /** Share of requests the API server terminates in self-defense before alerting (kubernetes-mixin's 20%). */
    terminatedRatio: 0.2,
    terminatedFor: '5m',
  },
  targets: {
    /** Percent of a job's targets down before alerting. */
    downPercent: 10,
    for: '10m',
  },
} as const;

/** Every window any SLO rule needs a recording for, shortest first. */
export function sloWindows(): string[] {
  const windows = new Set(BURN_RATE_ALERTS.flatMap((alert) => alert.windows.flatMap((window) => [window.short, window.long])));
  return [...windows].sort((a, b) => durationSeconds(a) - durationSeconds(b));
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Seconds in a Prometheus duration such as `5m` or `1h30m`. */
export function durationSeconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+)([smhdw])/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== duration) {
    throw new Error(`"${duration}" is not a Prometheus duration such as 5m or 1h30m.`);
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNIT_SECONDS[unit], 0);
}
