import { GRAFANA_VERSIONS, GrafanaVersion, grafanaSchema } from '../../../clusters/fleet/fleet-schema';
import { useEchoCharts } from '../../../clusters/test/support/echo-workload';
import { fleetWith } from '../../../clusters/test/support/fleet-fixtures';
import { objectsOf, renderForTest } from '../../../clusters/test/support/rendered-tree';
import { referenceProblem } from '../../../clusters/conformance/checks/image-references';
import { dashboardJson, fleetDashboards } from '../dashboards/fleet-dashboards';
import { fleetDataSources } from '../data-sources';
import { grafanaObjects } from './fixtures';

/**
 * What Amazon Managed Grafana offers (its user guide): the Amazon Managed Service for Prometheus
 * plugin `grafana-amazonprometheus-datasource` from workspace version 12 on, where SigV4 in the
 * core Prometheus plugin is gone; before 12, AMP is queried through core Prometheus with SigV4.
 */
function expectedAmpType(version: GrafanaVersion): string {
  return Number(version.split('.')[0]) >= 12 ? 'grafana-amazonprometheus-datasource' : 'prometheus';
}

const versionNumber = (version: string) => version.split('.').map(Number);
const newer = (a: string, b: string) => {
  const [x, y] = [versionNumber(a), versionNumber(b)];
  return x[0] !== y[0] ? x[0] > y[0] : x[1] > y[1];
};

describe('Grafana version', () => {
  it('defaults to the newest version the project supports, which has the AMP plugin', () => {
    const newest = GRAFANA_VERSIONS.reduce((best, version) => (newer(version, best) ? version : best));
    const defaulted = grafanaSchema.parse({ account: 'monitoring', managerCluster: 'prod1' }).version;
    expect(defaulted).toBe(newest);
    expect(expectedAmpType(defaulted)).toBe('grafana-amazonprometheus-datasource');
  });

  it.each(GRAFANA_VERSIONS.map((version) => [version]))('on %s, the AMP data source and every AMP dashboard use the type that version offers', (version) => {
    const fleet = fleetWith((input) => {
      input.grafana.version = version;
    });
    const amp = fleetDataSources(fleet).find((source) => source.path === 'amp');
    expect(amp?.type).toBe(expectedAmpType(version));
    for (const rendered of fleetDashboards(fleet).filter((candidate) => candidate.definition.dataPath === 'amp')) {
      const json = JSON.parse(dashboardJson(rendered)) as { templating: { list: { name: string; query?: unknown }[] } };
      expect(json.templating.list.find((variable) => variable.name === 'datasource')?.query).toBe(expectedAmpType(version));
    }
  });
});

describe('Grafana on the first deploy', () => {
  const fleet = fleetWith(useEchoCharts);
  const objects = objectsOf(renderForTest(fleet, [fleet.grafana.managerCluster]));
  const applications = objects.filter(({ file, object }) => file.includes('/bootstrap/') && object.kind === 'Application');
  const wave = (object: { metadata?: { annotations?: Record<string, string> } }) => Number(object.metadata?.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);

  it("never holds back another Application: its Applications sync after every other wave", () => {
    const isGrafana = (name: string) => name.includes('grafana');
    const grafanaWaves = applications.filter(({ object }) => isGrafana(String(object.metadata?.name))).map(({ object }) => wave(object as never));
    const otherWaves = applications.filter(({ object }) => !isGrafana(String(object.metadata?.name))).map(({ object }) => wave(object as never));
    expect(grafanaWaves.length).toBeGreaterThan(0);
    expect(Math.min(...grafanaWaves)).toBeGreaterThan(Math.max(...otherWaves));
  });

  it('recreates nothing on every sync: no object asks ArgoCD to replace or force it', () => {
    const forced = objects.filter(({ object }) => /Replace=true|Force=true/.test(String((object.metadata as { annotations?: Record<string, string> })?.annotations?.['argocd.argoproj.io/sync-options'] ?? '')));
    expect(forced.map(({ file }) => file)).toEqual([]);
  });

  it("names the URL Job after its spec, so a changed Job is a new object and an unchanged one is left alone", () => {
    const jobs = grafanaObjects(fleet).filter((object) => object.kind === 'Job');
    expect(jobs).toHaveLength(1);
    expect(String(jobs[0].metadata?.name)).toMatch(/^amazon-managed-grafana-url-[0-9a-f]{8}$/);
    expect(grafanaObjects(fleet).find((object) => object.kind === 'Job')?.metadata?.name).toBe(jobs[0].metadata?.name);
  });

  it("gives grafana-operator an image reference the chart composes with a single registry", () => {
    const application = objects.find(({ file, object }) => file.endsWith('platform/grafana-operator/application-grafana-operator.yaml') && object.kind === 'Application');
    const values = (application?.object as { spec: { source: { helm: { valuesObject: { image: { registry?: string; repository: string; tag: string } } } } } }).spec.source.helm.valuesObject;
    // Chart 5.24.0 renders `<image.registry>/<image.repository>:<image.tag>`, registry defaulting to ghcr.io.
    const composed = `${values.image.registry ?? 'ghcr.io'}/${values.image.repository}:${values.image.tag}`;
    expect(referenceProblem(composed)).toBeUndefined();
  });

  it('leaves the namespaces the AWS layer creates (holding its facts) to the AWS layer: one owner each', () => {
    const namespaces = objects.filter(({ object }) => object.kind === 'Namespace').map(({ object }) => String(object.metadata?.name));
    expect(namespaces).not.toContain('grafana-operator');
    expect(namespaces).not.toContain('observability');
  });
});
