/**
 * Order in which the app-of-apps syncs each cluster's Applications. ArgoCD applies a lower
 * wave and waits for it to be healthy before the next, so operators and their CRDs are in
 * place before the custom resources that need them.
 */
export const SYNC_WAVES = {
  /** AppProjects, including the locked-down `default`. */
  projects: -10,
  /** Namespaces, quotas, network policies and RBAC of the platform and the teams. */
  tenancy: -5,
  /** cert-manager: the OpenTelemetry operator's webhooks need its certificates. */
  certManager: 0,
  /** Operators and exporters that bring CRDs or scrape targets. */
  operators: 1,
  /** Custom resources of those operators: collectors, Grafana objects. */
  customResources: 2,
  /** Team workloads, once their namespace, policies and collectors exist. */
  workloads: 5,
  /**
   * grafana-operator, then what it pushes to Amazon Managed Grafana: last, so that nothing waits on
   * them. Their health depends on things outside the cluster (the workspace, its API token); a
   * Degraded Grafana must not stop the app-of-apps before collectors or team apps are applied.
   */
  grafanaOperator: 10,
  grafanaResources: 11,
} as const;
