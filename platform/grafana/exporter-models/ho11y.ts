import { SCRAPE_JOBS } from '../../telemetry/scrape-jobs';
import { counter, ExporterModel, exponentialBuckets, gauge, histogram, linearBuckets, summary } from './exporter-model';

/**
 * Status codes ho11y counts: 200 when it serves a request, 429 when its TPS cutoff throttles, and
 * with failure injection one of 400, 403, 301, 404 and 501 (its `responseCodes`).
 */
export const HO11Y_STATUS_CODES = ['200', '301', '400', '403', '404', '429', '501'] as const;

/**
 * ho11y's failure injection as its handler implements it: a request fails when `rand.Intn(100)`
 * is above 50 (49 of 100 values), with a status drawn uniformly from `responseCodes`.
 */
export const HO11Y_FAILURE_INJECTION = {
  failedShare: 49 / 100,
  codes: ['400', '403', '301', '404', '501'],
} as const;

/** ho11y's `/metrics` (aws-observability/observability-best-practices, sandbox/ho11y/main.go). */
export const HO11Y_MODEL: ExporterModel = {
  job: SCRAPE_JOBS.annotatedPods,
  targetLabels: ['instance', 'namespace', 'pod', 'service'],
  source: 'aws-observability/observability-best-practices@21428a67 sandbox/ho11y/main.go',
  families: [
    counter('ho11y_total', { http_status_code: HO11Y_STATUS_CODES }),
    gauge('ho11y_randval'),
    histogram('ho11y_randhist', linearBuckets(-2, 0.5, 10)),
    // A SummaryVec with no objectives: only `_sum` and `_count`, no quantile series.
    summary('ho11y_downstream_payload_bytes', [], { downstream: 'any' }),
    // A plain Histogram (no label), observed once per downstream call. The timer starts after the
    // response headers arrive, so it measures reading the body; for a simulated (DUMMY) backend
    // it is the configured delay.
    histogram('ho11y_downstream_duration_seconds', exponentialBuckets(0.0001, 2, 10)),
  ],
};
