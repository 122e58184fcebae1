/**
 * The subset of Prometheus' `scrape_config` (https://prometheus.io/docs/prometheus/latest/configuration/configuration/#scrape_config)
 * that Kubernetes scraping needs, typed so a misspelt key fails to compile instead of being
 * silently ignored by the collector. Field names are Prometheus' own (snake_case), because these
 * objects are serialised as they are into the collector's `prometheus` receiver.
 */

/** Kubernetes service discovery roles this model supports. */
export type KubernetesSdRole = 'node' | 'pod' | 'endpointslice';

export interface KubernetesSdConfig {
  readonly role: KubernetesSdRole;
  /** Restrict discovery to these namespaces. Default: every namespace. */
  readonly namespaces?: { readonly names: readonly string[] };
}

export type RelabelAction = 'replace' | 'keep' | 'drop' | 'labelmap' | 'labeldrop' | 'labelkeep';

/**
 * One relabeling step. Regexes are RE2 and fully anchored by Prometheus. Inside an OpenTelemetry
 * collector configuration a literal `$` must be written `$$` (the collector expands `${...}`
 * first), so capture-group references in `replacement` read `$$1`.
 */
export interface RelabelConfig {
  readonly source_labels?: readonly string[];
  /** Default: `;`. */
  readonly separator?: string;
  /** Default: `(.*)`. */
  readonly regex?: string;
  /** Required for `replace`. */
  readonly target_label?: string;
  /** Default: `$1`. */
  readonly replacement?: string;
  /** Default: `replace`. */
  readonly action?: RelabelAction;
}

export interface ScrapeTlsConfig {
  readonly ca_file?: string;
  /** Name the server certificate must carry when the target is addressed by IP. */
  readonly server_name?: string;
  /** Default: false. */
  readonly insecure_skip_verify?: boolean;
}

export interface ScrapeAuthorization {
  /** Default: Bearer. */
  readonly type?: 'Bearer';
  /** File holding the credentials, e.g. the pod's service account token. */
  readonly credentials_file: string;
}

export interface ScrapeConfig {
  /** Unique among the scrape configs; also the default `job` label. */
  readonly job_name: string;
  /** Default: the global scrape interval. */
  readonly scrape_interval?: string;
  /** Default: the global scrape timeout. */
  readonly scrape_timeout?: string;
  /** Default: /metrics. */
  readonly metrics_path?: string;
  /** Default: http. */
  readonly scheme?: 'http' | 'https';
  /** Keep the target's own labels when they clash with target labels. Default: false. */
  readonly honor_labels?: boolean;
  readonly authorization?: ScrapeAuthorization;
  readonly tls_config?: ScrapeTlsConfig;
  readonly kubernetes_sd_configs: readonly KubernetesSdConfig[];
  /** Applied to discovered targets before scraping. */
  readonly relabel_configs?: readonly RelabelConfig[];
  /** Applied to scraped series before they leave the receiver. */
  readonly metric_relabel_configs?: readonly RelabelConfig[];
}

export interface PrometheusGlobalConfig {
  readonly scrape_interval: string;
  readonly scrape_timeout: string;
}

export interface PrometheusConfig {
  readonly global: PrometheusGlobalConfig;
  readonly scrape_configs: readonly ScrapeConfig[];
}

/** Files every pod with a mounted service account token has. */
export const SERVICE_ACCOUNT_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';
export const SERVICE_ACCOUNT_CA_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';

/**
 * The meta label Prometheus' Kubernetes discovery derives from a Kubernetes label or annotation
 * name: every character outside `[a-zA-Z0-9_]` becomes `_`, e.g.
 * `metaLabel('pod_annotation', 'prometheus.io/scrape')` is `__meta_kubernetes_pod_annotation_prometheus_io_scrape`.
 */
export function metaLabel(kind: string, name: string): string {
  return `__meta_kubernetes_${kind}_${name.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** Keep only targets whose `source` label fully matches `regex`. */
export function keepWhere(source: string, regex: string): RelabelConfig {
  return { action: 'keep', source_labels: [source], regex };
}

/** Drop targets whose `source` label fully matches `regex`. */
export function dropWhere(source: string, regex: string): RelabelConfig {
  return { action: 'drop', source_labels: [source], regex };
}

/** Copy `source` into `target` when `source` is not empty. */
export function copyLabel(source: string, target: string): RelabelConfig {
  return { action: 'replace', source_labels: [source], regex: '(.+)', target_label: target, replacement: '$$1' };
}

/** Set `target` to a constant. */
export function setLabel(target: string, value: string): RelabelConfig {
  return { action: 'replace', target_label: target, replacement: value };
}

/** Escape a literal for use inside an anchored RE2 regex. */
export function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An anchored alternation of literals: `(a|b|c)`. */
export function oneOf(values: readonly string[]): string {
  return `(${values.map(regexLiteral).join('|')})`;
}
