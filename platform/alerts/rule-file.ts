import type { Fleet } from '../../clusters/fleet/fleet-schema';
import { ALERTS_CONFIG } from './alerts-config';
import { metaMonitoringRules } from './meta-monitoring';
import { platformAlertingRules } from './platform-alerts';
import { RuleFile, RuleGroup } from './rule-types';
import { runbookUrl } from './runbook-url';
import { Slo, sloAlertingRules, sloAlertName, sloRecordingRules } from './slo-rules';
import { workloadRecordingRules } from './workload-rules';

/** Every SLO of the config. */
export function slos(): Slo[] {
  return Object.values(ALERTS_CONFIG.slos);
}

/**
 * The rule file the AWS layer loads into the AMP rule groups namespace: one group of recording
 * rules per SLO (alerts read them, so they are evaluated first in their own group), one mapping
 * pods to their workloads (read by the dashboards), one of SLO alerts, one of platform alerts
 * and one watching the alerting path itself.
 */
export function ampRuleFile(fleet: Fleet): RuleFile {
  const url = (alertName: string) => runbookUrl(fleet.repository, alertName);
  const group = (name: string, rules: RuleGroup['rules']): RuleGroup => ({ name: `${ALERTS_CONFIG.groupPrefix}-${name}`, interval: ALERTS_CONFIG.interval, rules });
  return {
    groups: [
      ...slos().map((slo) => group(`${slo.name.replace(/_/g, '-')}-recording`, sloRecordingRules(slo))),
      group('workload-recording', workloadRecordingRules()),
      group('slo-alerts', slos().flatMap((slo) => sloAlertingRules(slo, url(sloAlertName(slo))))),
      group('platform-alerts', platformAlertingRules(url)),
      group('meta-monitoring', metaMonitoringRules(fleet, url)),
    ],
  };
}
