/**
 * Upstream Helm charts that install CustomResourceDefinitions, by chart name, with the API
 * groups they bring. The sync rules use it to find which Application a custom resource waits
 * for. Add a chart here when a platform add-on starts bringing CRDs.
 */
export const CRD_GROUPS_BY_CHART: Readonly<Record<string, readonly string[]>> = {
  'cert-manager': ['cert-manager.io', 'acme.cert-manager.io'],
  'opentelemetry-operator': ['opentelemetry.io'],
  'grafana-operator': ['grafana.integreatly.org'],
  'prometheus-operator-crds': ['monitoring.coreos.com'],
  'kube-prometheus-stack': ['monitoring.coreos.com'],
};

/**
 * API groups whose CRDs exist before the app-of-apps first syncs: ArgoCD's own, installed with
 * ArgoCD by the AWS layer.
 */
export const GROUPS_PRESENT_AT_BOOTSTRAP: readonly string[] = ['argoproj.io'];
