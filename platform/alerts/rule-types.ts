/** The Prometheus rule-file format (https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/). */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** `none` is for the Watchdog alone: it always fires and pages nobody. */
export type Severity = 'critical' | 'warning' | 'none';

export interface AlertAnnotations {
  /** One line, shown as the notification title. */
  readonly summary: string;
  /** What is wrong and what it affects; may use `{{ $labels.<name> }}`. */
  readonly description: string;
  /** Runbook in this repository. */
  readonly runbook_url: string;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: Severity } & Readonly<Record<string, string>>;
  readonly annotations: AlertAnnotations;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  readonly name: string;
  readonly interval: string;
  readonly rules: readonly Rule[];
}

export interface RuleFile {
  readonly groups: readonly RuleGroup[];
}

export function isAlertingRule(rule: Rule): rule is AlertingRule {
  return 'alert' in rule;
}
