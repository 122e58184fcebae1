import type { Fleet } from '../../clusters/fleet/fleet-schema';
import { SCRAPE_JOBS } from '../telemetry/scrape-jobs';
import { CLUSTER_LABEL } from '../grafana/selectors';
import { ALERTS_CONFIG } from './alerts-config';
import { AlertingRule } from './rule-types';

/**
 * Alerts on the alerting path itself. A dead collector or a vanished job sends no series at all,
 * which silences every alert reading them, so:
 *
 * - `Watchdog` always fires; the alert manager routes it to the dead-man's-switch topic, whose
 *   subscriber (a heartbeat service) pages when the heartbeats stop;
 * - `ClusterMetricsAbsent` fires when a cluster sends no `up` series at all (its metrics collector
 *   is down or cannot write), evaluated by the AMP ruler, not by that collector;
 * - `ScrapeJobAbsent` fires when one job of a cluster has no target up.
 */

/** Alert name of the always-firing alert; the alert manager routes it by this name. */
export const WATCHDOG_ALERT = 'Watchdog';
export const CLUSTER_ABSENT_ALERT = 'ClusterMetricsAbsent';
export const JOB_ABSENT_ALERT = 'ScrapeJobAbsent';

/** Clusters whose metrics reach AMP, where these rules can see them. */
export function ampClusters(fleet: Fleet): string[] {
  return Object.entries(fleet.clusters)
    .filter(([, cluster]) => cluster.metrics.sink === 'amp')
    .map(([name]) => name)
    .sort();
}

export function metaMonitoringRules(fleet: Fleet, runbookUrl: (alertName: string) => string): AlertingRule[] {
  const { absentFor } = ALERTS_CONFIG.metaMonitoring;
  const watchdog: AlertingRule = {
    alert: WATCHDOG_ALERT,
    expr: 'vector(1)',
    for: '0m',
    labels: { severity: 'none' },
    annotations: {
      summary: 'Always firing: proves that rules are evaluated and notifications delivered.',
      description: 'This alert always fires. The alert manager sends it to the dead-man\'s-switch topic; when its heartbeats stop, the alerting path is broken.',
      runbook_url: runbookUrl(WATCHDOG_ALERT),
    },
  };
  const perCluster = ampClusters(fleet).flatMap((cluster): AlertingRule[] => [
    {
      alert: CLUSTER_ABSENT_ALERT,
      expr: `absent(up{${CLUSTER_LABEL}="${cluster}"})`,
      for: absentFor,
      labels: { severity: 'critical' },
      annotations: {
        summary: 'A cluster sends no metrics.',
        description: `No series from cluster {{ $labels.${CLUSTER_LABEL} }} reached AMP for ${absentFor}: its metrics collector is down or cannot write, and every other alert about it is silent.`,
        runbook_url: runbookUrl(CLUSTER_ABSENT_ALERT),
      },
    },
    ...Object.values(SCRAPE_JOBS).map(
      (job): AlertingRule => ({
        alert: JOB_ABSENT_ALERT,
        // absent() of a comparison carries no labels, so the rule names its cluster and job itself.
        expr: `absent(up{${CLUSTER_LABEL}="${cluster}", job="${job}"} == 1)`,
        for: absentFor,
        labels: { severity: 'warning', [CLUSTER_LABEL]: cluster, job },
        annotations: {
          summary: 'A scrape job has no target up.',
          description: `Job ${job} of cluster ${cluster} has had no target up for ${absentFor}; the alerts reading its metrics cannot fire.`,
          runbook_url: runbookUrl(JOB_ABSENT_ALERT),
        },
      }),
    ),
  ]);
  return [watchdog, ...perCluster];
}
