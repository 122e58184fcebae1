import type { Fleet } from '../fleet/fleet-schema';
import { ObjectProblem } from '../validate/object-problem';
import { readRenderedObjects } from '../validate/rendered-objects';
import { CONFORMANCE_CHECKS } from './checks';
import { ReleaseRender } from './checks/conformance-check';
import { ClusterFacts, describeRelease, HelmRelease } from './helm-release';
import { findChart, helmTemplate } from './helm-template';
import { clusterFacts, projectReleases } from './project-releases';

/** A chart the project installs that the folder does not hold: reported by name, never passed silently. */
export interface UnverifiedChart {
  readonly chart: string;
  readonly version: string;
  readonly repoUrl: string;
  /** Where the project installs it. */
  readonly origins: readonly string[];
}

export interface ConformanceResult {
  /** `chart version` of every chart rendered and checked. */
  readonly verified: readonly string[];
  readonly notVerified: readonly UnverifiedChart[];
  readonly findings: readonly ObjectProblem[];
}

export interface ConformanceInput {
  readonly fleet: Fleet;
  readonly releases: readonly HelmRelease[];
  readonly clusters: readonly ClusterFacts[];
  /** Folder of unpacked charts (`<name>-<version>/Chart.yaml`). */
  readonly chartsFolder: string;
}

/** Renders every release whose chart the folder holds with `helm template` and runs every check over it. */
export function runConformance(input: ConformanceInput): ConformanceResult {
  const verified = new Set<string>();
  const missing = new Map<string, UnverifiedChart>();
  const renders: ReleaseRender[] = [];
  const renderFailures: ObjectProblem[] = [];
  const byCluster = new Map<string, ReleaseRender[]>();
  for (const release of input.releases) {
    const cluster = input.clusters.find((candidate) => candidate.name === release.cluster);
    if (!cluster) throw new Error(`${release.origin}: cluster ${release.cluster} is not in the fleet`);
    const chartDir = findChart(input.chartsFolder, release.chart, release.version);
    if (!chartDir) {
      const key = describeRelease(release);
      const entry = missing.get(key) ?? { chart: release.chart, version: release.version, repoUrl: release.repoUrl, origins: [] };
      missing.set(key, { ...entry, origins: [...entry.origins, release.origin] });
      continue;
    }
    verified.add(describeRelease(release));
    let objects;
    try {
      objects = helmTemplate(release, chartDir, cluster.kubernetesVersion);
    } catch (error) {
      // Helm refusing the values (a schema, a `required`, a `fail`) is a finding like any other.
      renderFailures.push({ file: release.origin, object: `values of ${describeRelease(release)}`, field: '/', message: (error as Error).message, rule: 'conformance-helm-template' });
      continue;
    }
    const siblings = byCluster.get(release.cluster) ?? [];
    byCluster.set(release.cluster, siblings);
    const render: ReleaseRender = { fleet: input.fleet, release, chartDir, objects, cluster, clusterRenders: siblings };
    siblings.push(render);
    renders.push(render);
  }
  const findings = [...renderFailures, ...renders.flatMap((render) => CONFORMANCE_CHECKS.flatMap((check) => check.check(render)))];
  return { verified: [...verified].sort(), notVerified: [...missing.values()].sort((a, b) => a.chart.localeCompare(b.chart)), findings };
}

/** The conformance run over a rendered tree: the releases and clusters it describes. */
export function conformanceOfDist(fleet: Fleet, distDir: string, chartsFolder: string): ConformanceResult {
  const objects = readRenderedObjects(distDir);
  return runConformance({ fleet, releases: projectReleases(fleet, objects), clusters: clusterFacts(fleet, objects), chartsFolder });
}
