import { ALERTS_CONFIG } from '../../alerts/alerts-config';
import { errorBudget, sloRecordName } from '../../alerts/slo-rules';
import { CLUSTER_LABEL, SELECTORS, selector } from '../selectors';
import { ampDashboard } from './amp-dashboard';
import { DASHBOARD_CONFIG } from './dashboard-config';
import { promQuery, row, statPanel, timeseriesPanel } from './panels';
import { CLUSTER_VARIABLE, labelValues, queryVariable } from './variables';

const ho11y = (...matchers: string[]) => selector(SELECTORS.ho11y, `${CLUSTER_LABEL}="$${CLUSTER_VARIABLE}"`, 'namespace="$namespace"', ...matchers);
const requestRate = (...matchers: string[]) => `rate(ho11y_total${ho11y(...matchers)}[$__rate_interval])`;
const { availability, latency } = ALERTS_CONFIG.slos;
const sloSelector = selector(`${CLUSTER_LABEL}="$${CLUSTER_VARIABLE}"`, 'namespace="$namespace"');

/** ho11y's request rate, errors, downstream latency and payloads, from AMP. */
export const HO11Y_SERVICE_DASHBOARD = ampDashboard({
  uid: 'ho11y-service-health',
  title: 'ho11y / Service health',
  description: 'Request rate, errors, latency and payloads of the ho11y sample app, with its SLO burn rates.',
  clusterSeries: `ho11y_total${selector(SELECTORS.ho11y)}`,
  variables: (datasourceType) => [
    queryVariable({
      name: 'namespace',
      label: 'Namespace',
      datasourceType,
      query: labelValues(`ho11y_total${selector(SELECTORS.ho11y, `${CLUSTER_LABEL}="$${CLUSTER_VARIABLE}"`)}`, 'namespace'),
    }),
  ],
  panels: (frame, datasourceType) =>
    frame
      .withRow(row('Overview'))
      .withPanel(
        statPanel({
          title: 'Requests',
          description: 'Requests per second over all ho11y pods.',
          datasourceType,
          unit: 'reqps',
          targets: [promQuery(`sum(${requestRate()})`, 'requests')],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Error ratio',
          description: 'Share of requests answered with a 5xx status.',
          datasourceType,
          unit: 'percentunit',
          targets: [promQuery(`sum(${requestRate(availability.errorMatcher)}) / sum(${requestRate()})`, 'errors')],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Availability budget burn (1h)',
          description: `How fast the availability error budget (objective ${availability.objective * 100}%) is spent; 1 spends it exactly in 30 days. Recorded by the AMP rules.`,
          datasourceType,
          unit: 'x',
          targets: [promQuery(`max(${sloRecordName(availability, '1h')}${sloSelector}) / ${errorBudget(availability)}`, 'burn rate')],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Latency budget burn (1h)',
          description: `How fast the latency error budget (${latency.objective * 100}% of downstream reads within ${latency.thresholdSeconds * 1000} ms) is spent. Recorded by the AMP rules.`,
          datasourceType,
          unit: 'x',
          targets: [promQuery(`max(${sloRecordName(latency, '1h')}${sloSelector}) / ${errorBudget(latency)}`, 'burn rate')],
        }),
      )
      .withRow(row('Requests'))
      .withPanel(
        timeseriesPanel({
          title: 'Request rate by status code',
          description: 'Requests per second, by HTTP status code.',
          datasourceType,
          unit: 'reqps',
          stacked: true,
          targets: [promQuery(`sum by (http_status_code) (${requestRate()})`, '{{http_status_code}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Error ratio by status code',
          description: 'Share of all requests answered with each server error (5xx) code: the errors the availability SLO counts.',
          datasourceType,
          unit: 'percentunit',
          min: 0,
          targets: [promQuery(`sum by (http_status_code) (${requestRate(availability.errorMatcher)}) / scalar(sum(${requestRate()}))`, '{{http_status_code}}')],
        }),
      )
      .withRow(row('Downstream calls'))
      .withPanel(
        timeseriesPanel({
          title: 'Downstream latency',
          description: `Percentiles of downstream read time (ho11y times reading the body; its buckets end at ${latency.thresholdSeconds * 1000} ms, so higher percentiles cap there).`,
          datasourceType,
          unit: 's',
          targets: DASHBOARD_CONFIG.ho11y.latencyQuantiles.map((quantile, index) =>
            promQuery(
              `histogram_quantile(${quantile}, sum by (le) (rate(ho11y_downstream_duration_seconds_bucket${ho11y()}[$__rate_interval])))`,
              `p${Math.round(quantile * 100)}`,
              String.fromCharCode(65 + index),
            ),
          ),
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Downstream payload size',
          description: 'Mean payload received from each downstream.',
          datasourceType,
          unit: 'bytes',
          targets: [
            promQuery(
              `sum by (downstream) (rate(ho11y_downstream_payload_bytes_sum${ho11y()}[$__rate_interval])) / sum by (downstream) (rate(ho11y_downstream_payload_bytes_count${ho11y()}[$__rate_interval]))`,
              '{{downstream}}',
            ),
          ],
        }),
      ),
});

