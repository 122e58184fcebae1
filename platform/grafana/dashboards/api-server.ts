import { ALERTS_CONFIG } from '../../alerts/alerts-config';
import { CLUSTER_LABEL, SELECTORS, selector } from '../selectors';
import { ampDashboard } from './amp-dashboard';
import { DASHBOARD_CONFIG } from './dashboard-config';
import { promQuery, row, statPanel, timeseriesPanel } from './panels';
import { CLUSTER_VARIABLE, labelValues, queryVariable } from './variables';

const inCluster = `${CLUSTER_LABEL}="$${CLUSTER_VARIABLE}"`;
const apiserver = (...matchers: string[]) => selector(SELECTORS.apiserver, inCluster, 'instance=~"$instance"', ...matchers);
const { quantile, longRunningVerbs } = DASHBOARD_CONFIG.apiserver;
const requests = (...matchers: string[]) => `rate(apiserver_request_total${apiserver(...matchers)}[$__rate_interval])`;
const SERVER_ERROR = 'code=~"5.."';

/** The Kubernetes API server as EKS exposes it: traffic, errors, latency and concurrency. */
export const API_SERVER_DASHBOARD = ampDashboard({
  uid: 'api-server',
  title: 'Kubernetes / API server',
  description: 'Requests to the Kubernetes API server by verb and code, server errors, request latency and requests in flight (EKS exposes no other control-plane component).',
  clusterSeries: `apiserver_request_total${selector(SELECTORS.apiserver)}`,
  variables: (datasourceType) => [
    queryVariable({ name: 'instance', label: 'Instance', datasourceType, multi: true, query: labelValues(`apiserver_request_total${selector(SELECTORS.apiserver, inCluster)}`, 'instance') }),
  ],
  panels: (frame, datasourceType) => {
    const percentile = `p${Math.round(quantile * 100)}`;
    const { objective } = ALERTS_CONFIG.slos.apiserverAvailability;
    return frame
      .withRow(row('Availability'))
      .withPanel(
        statPanel({
          title: 'Requests without server error',
          description: `Share of requests in the time range not answered with a 5xx status (the SLO promises ${objective * 100}%).`,
          datasourceType,
          unit: 'percentunit',
          targets: [
            promQuery(
              `1 - sum(rate(apiserver_request_total${apiserver(SERVER_ERROR)}[$__range]) or vector(0)) / sum(rate(apiserver_request_total${apiserver()}[$__range]))`,
              'available',
            ),
          ],
        }),
      )
      .withPanel(statPanel({ title: 'Requests per second', description: 'Requests to the API server, all verbs.', datasourceType, unit: 'reqps', targets: [promQuery(`sum(${requests()})`, 'requests')] }))
      .withPanel(
        statPanel({
          title: `Read latency (${percentile})`,
          description: `The ${percentile} duration of GET and LIST requests.`,
          datasourceType,
          unit: 's',
          targets: [promQuery(`histogram_quantile(${quantile}, sum by (le) (rate(apiserver_request_duration_seconds_bucket${apiserver('verb=~"GET|LIST"')}[$__rate_interval])))`, 'reads')],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Requests in flight',
          description: 'Most requests being served at once during the last second, all instances together.',
          datasourceType,
          targets: [promQuery(`sum(apiserver_current_inflight_requests${apiserver()})`, 'in flight')],
        }),
      )
      .withRow(row('Traffic'))
      .withPanel(
        timeseriesPanel({
          title: 'Requests by verb',
          description: 'Requests per second, by verb.',
          datasourceType,
          unit: 'reqps',
          targets: [promQuery(`sum by (verb) (${requests()})`, '{{verb}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Requests by code',
          description: 'Requests per second, by response code.',
          datasourceType,
          unit: 'reqps',
          stacked: true,
          targets: [promQuery(`sum by (code) (${requests()})`, '{{code}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Server error ratio by verb',
          description: 'Share of requests answered with a 5xx status, by verb.',
          datasourceType,
          unit: 'percentunit',
          targets: [promQuery(`sum by (verb) (${requests(SERVER_ERROR)}) / sum by (verb) (${requests()})`, '{{verb}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Requests in flight by kind',
          description: 'Most read-only and mutating requests served at once during the last second; the server answers 429 beyond its limits.',
          datasourceType,
          targets: [promQuery(`sum by (request_kind) (apiserver_current_inflight_requests${apiserver()})`, '{{request_kind}}')],
        }),
      )
      .withRow(row('Latency'))
      .withPanel(
        timeseriesPanel({
          title: `Request latency by verb (${percentile})`,
          description: `The ${percentile} request duration, by verb (watches and connections, held open on purpose, left out).`,
          datasourceType,
          unit: 's',
          width: 24,
          targets: [
            promQuery(
              `histogram_quantile(${quantile}, sum by (verb, le) (rate(apiserver_request_duration_seconds_bucket${apiserver(`verb!~"${longRunningVerbs}"`)}[$__rate_interval])))`,
              '{{verb}}',
            ),
          ],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: `Request latency by resource (${percentile})`,
          description: `The ${percentile} request duration, by resource and scope, for the resources whose requests are slowest.`,
          datasourceType,
          unit: 's',
          width: 24,
          targets: [
            promQuery(
              `topk(10, histogram_quantile(${quantile}, sum by (resource, scope, le) (rate(apiserver_request_duration_seconds_bucket${apiserver(`verb!~"${longRunningVerbs}"`)}[$__rate_interval]))))`,
              '{{resource}} ({{scope}})',
            ),
          ],
        }),
      );
  },
});

