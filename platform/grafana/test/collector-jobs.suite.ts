import { parse } from 'yaml';
import { clusterContext } from '../../../clusters/render/cluster-context';
import { renderCluster } from '../../../clusters/render/render-cluster';
import { METRICS_COLLECTOR } from '../../telemetry/collector-identities';
import { ScrapeJob } from '../../telemetry/scrape-jobs';
import { METRIC_CATALOGUE } from '../metric-catalogue';
import { exampleFleet } from './fixtures';

interface CollectorObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: { readonly config?: { readonly receivers?: { readonly prometheus?: { readonly config?: { readonly scrape_configs?: { readonly job_name?: string }[] } } } } };
}

/**
 * The metric catalogue claims what each scrape job produces; this proves those jobs are rendered:
 * the metrics collector of every cluster scrapes every job the catalogue lists.
 */
describe('metric catalogue against the rendered metrics collector', () => {
  const fleet = exampleFleet();
  // Team apps play no part in the collector; leaving them out keeps this test about collectors.
  const withoutTeams = { ...fleet, teams: {} };

  for (const cluster of Object.keys(fleet.clusters)) {
    it(`${cluster}: the "${METRICS_COLLECTOR.name}" collector scrapes every job of the catalogue`, () => {
      const objects = renderCluster(clusterContext(withoutTeams, cluster))
        .filter((file) => file.path.endsWith('.yaml'))
        .map((file) => parse(file.content) as CollectorObject);
      const collector = objects.find(
        (object) => object?.kind === 'OpenTelemetryCollector' && object.metadata?.name === METRICS_COLLECTOR.name && object.metadata?.namespace === METRICS_COLLECTOR.namespace,
      );
      if (!collector) {
        throw new Error(
          `Cluster ${cluster} renders no OpenTelemetryCollector "${METRICS_COLLECTOR.namespace}/${METRICS_COLLECTOR.name}". ` +
            'The dashboards and rules read metrics its scrape jobs produce; render the metrics collector (platform/telemetry) for every cluster.',
        );
      }
      const jobs = (collector.spec?.config?.receivers?.prometheus?.config?.scrape_configs ?? []).map((scrape) => scrape.job_name);
      const missing = (Object.keys(METRIC_CATALOGUE) as ScrapeJob[]).filter((job) => !jobs.includes(job));
      expect({ cluster, missing }).toEqual({ cluster, missing: [] });
    });
  }
});
