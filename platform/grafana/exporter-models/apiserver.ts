import { SCRAPE_JOBS } from '../../telemetry/scrape-jobs';
import { counter, ExporterModel, gauge, histogram } from './exporter-model';

const REQUEST = { verb: 'any', dry_run: 'any', group: 'any', version: 'any', resource: 'any', subresource: 'any', scope: ['cluster', 'namespace', 'resource', ''], component: ['apiserver', ''] } as const;

/** Verbs the request metrics report (read-only and mutating), upper-cased by the API server. */
export const APISERVER_VERBS = {
  read: ['LIST', 'GET'],
  write: ['POST', 'PUT', 'PATCH', 'DELETE', 'APPLY'],
} as const;

/**
 * The API server's request metrics (kubernetes/kubernetes
 * staging/src/k8s.io/apiserver/pkg/endpoints/metrics/metrics.go, Kubernetes 1.35), the only
 * control-plane component EKS lets a cluster scrape.
 */
export const APISERVER_MODEL: ExporterModel = {
  job: SCRAPE_JOBS.apiserver,
  targetLabels: ['instance'],
  source: 'kubernetes/kubernetes@v1.35 staging/src/k8s.io/apiserver/pkg/endpoints/metrics/metrics.go',
  families: [
    counter('apiserver_request_total', { ...REQUEST, code: 'any' }),
    histogram('apiserver_request_duration_seconds', [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60], REQUEST),
    // The most requests in flight during the last second, per kind (STABLE; also kept up to date
    // under API Priority and Fairness).
    gauge('apiserver_current_inflight_requests', { request_kind: ['readOnly', 'mutating'] }),
    // Requests the server ended in self-defense (timeouts, overload); not counted in apiserver_request_total.
    counter('apiserver_request_terminations_total', { verb: 'any', group: 'any', version: 'any', resource: 'any', subresource: 'any', scope: REQUEST.scope, component: REQUEST.component, code: 'any' }),
  ],
};
