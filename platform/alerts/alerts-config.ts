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
  /** Latency threshold in seconds; must be one of the histogram's bucket bounds. */
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
      objective: 0.99,
      groupBy: ['cluster', 'namespace'],
      requests: { metric: 'ho11y_total', selector: SELECTORS.ho11y },
      errorMatcher: 'http_status_code=~"5.."',
    } satisfies AvailabilitySloConfig,
    latency: {
      kind: 'latency',
      name: 'ho11y_latency',
      alertName: 'Ho11yLatency',
      badEvents: 'downstream calls slower than 1s',
      objective: 0.95,
      groupBy: ['cluster', 'namespace'],
      histogram: { metric: 'ho11y_downstream_duration_seconds', selector: SELECTORS.ho11y },
      thresholdSeconds: 1,
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
