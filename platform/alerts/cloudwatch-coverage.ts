import type { Fleet } from '../../clusters/fleet/fleet-schema';
import { AlarmComparison, cloudWatchAlarms, CloudWatchAlarmCondition, cloudWatchCoverage, metricsInsightsSql } from './cloudwatch-alarms';
import { ampRuleFile } from './rule-file';
import { runbookFileName } from './runbook-url';

/** Clusters whose metrics go to CloudWatch, sorted. */
export function cloudWatchClusterNames(fleet: Fleet): string[] {
  return Object.entries(fleet.clusters)
    .filter(([, cluster]) => cluster.metrics.sink === 'cloudwatch')
    .map(([name]) => name)
    .sort();
}

/**
 * The rule file the fleet would get if every cluster wrote to AMP: the alerts a CloudWatch cluster
 * is compared with (the per-cluster meta-monitoring alerts exist only for AMP clusters).
 */
export function ruleFileAsIfOnAmp(fleet: Fleet) {
  const clusters = Object.fromEntries(Object.entries(fleet.clusters).map(([name, cluster]) => [name, { ...cluster, metrics: { ...cluster.metrics, sink: 'amp' as const } }]));
  return ampRuleFile({ ...fleet, clusters });
}

const COMPARISON: Readonly<Record<AlarmComparison, string>> = { GreaterThanThreshold: '>', LessThanThreshold: '<' };

function condition(alarm: CloudWatchAlarmCondition): string {
  const queries = Object.entries(alarm.queries).map(([id, query]) => (alarm.expression ? `${id} = \`${metricsInsightsSql(query)}\`` : `\`${metricsInsightsSql(query)}\``));
  const watched = alarm.expression ? `\`${alarm.expression}\` with ${queries.join(', ')}` : queries[0];
  return `${watched} ${COMPARISON[alarm.comparison]} ${alarm.threshold} in ${alarm.datapointsToAlarm} of ${alarm.evaluationPeriods} period(s) of ${alarm.periodSeconds} s, missing data ${alarm.treatMissingData}`;
}

/**
 * `dist/cloudwatch/alarms.md`: the alarms every CloudWatch cluster gets and the AMP alerts it
 * lacks, with why; generated, so it cannot drift from the alarms the AWS layer creates.
 */
export function cloudWatchCoverageMarkdown(fleet: Fleet): string {
  const clusters = cloudWatchClusterNames(fleet);
  const alarms = cloudWatchAlarms('<cluster>');
  const coverage = cloudWatchCoverage(ruleFileAsIfOnAmp(fleet));
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '# CloudWatch alarms',
    '',
    'Rendered by `npm run synth` from `platform/alerts/cloudwatch-alarms.ts`; never edited by hand.',
    '',
    `Clusters whose metrics go to CloudWatch: ${clusters.map((name) => `\`${name}\``).join(', ')}.`,
    '',
    "The AWS layer creates these alarms in each one's account and region, named `<cluster>-<alarm>`",
    "(`<cluster>` in the queries is the cluster's name); each description links the runbook of the",
    'alert it stands for. An alarm of several rows is a composite alarm over one metric alarm per row.',
    '',
    '| alarm | stands for | severity | in alarm when (all rows of the alarm) |',
    '| --- | --- | --- | --- |',
    ...alarms.flatMap((alarm) =>
      alarm.conditions.map((part) => `| ${alarm.conditions.length > 1 ? `${alarm.name} (${part.name})` : alarm.name} | [${alarm.alert}](../../platform/alerts/runbooks/${runbookFileName(alarm.alert)}) | ${alarm.severity} | ${escape(condition(part))} |`),
    ),
    '',
    '## What a CloudWatch cluster lacks',
    '',
    'Every alert of `dist/amp/rules.yaml` (as an AMP cluster would get it), and what a CloudWatch cluster lacks of it:',
    '',
    '| alert | CloudWatch alarms | lacking |',
    '| --- | --- | --- |',
    ...coverage.map((entry) => `| ${entry.alert} | ${entry.alarms.join(', ') || 'none'} | ${escape(entry.lacking ?? 'nothing')} |`),
    '',
  ].join('\n');
}
