import { App } from 'cdk8s';
import { posix } from 'node:path';
import { BootstrapChart, PLATFORM_PROJECT } from '../../platform/gitops/bootstrap-chart';
import { PLATFORM_NAMESPACES } from '../../platform/platform-namespaces';
import { ClusterContext } from './cluster-context';
import { CLUSTER_COMPONENTS } from './components';
import { tenancy } from './components/tenancy';
import { Leaf, leafApplicationName } from './leaf';
import { KubernetesObject, leafFiles } from './leaf-files';
import { RenderedFile, yamlFile } from './rendered-file';

/** Folder of a cluster's app-of-apps, relative to `dist/<cluster>/`. */
export const BOOTSTRAP_FOLDER = 'bootstrap';

interface RenderedLeaf {
  readonly leaf: Leaf;
  readonly objects: KubernetesObject[];
}

/** Renders one cluster into files under `<cluster>/`. */
export function renderCluster(context: ClusterContext, distFolder = 'dist'): RenderedFile[] {
  const app = new App({ outdir: posix.join(distFolder, context.clusterName) });
  const leaves = CLUSTER_COMPONENTS.flatMap((component) => component(app, context));
  const rendered = leaves.map(resolveLeaf);
  const tenancyLeaf = resolveLeaf(tenancy(app, context, namespacesUsed(rendered)));
  const all = [tenancyLeaf, ...rendered];
  checkUniquePaths(all);

  const clusterFolder = context.clusterName;
  const files = all.flatMap(({ leaf, objects }) => {
    if (objects.length === 0) {
      throw new Error(`${clusterFolder}/${leaf.path} renders no object; an Application needs at least one.`);
    }
    return leafFiles(posix.join(clusterFolder, leaf.path), objects, { subfolderOf: leaf.subfolder });
  });
  return [...bootstrapFiles(app, context, all), ...files];
}

function resolveLeaf(leaf: Leaf): RenderedLeaf {
  return { leaf, objects: leaf.chart.toJson() as KubernetesObject[] };
}

function checkUniquePaths(leaves: readonly RenderedLeaf[]): void {
  const seen = new Set<string>();
  for (const { leaf } of leaves) {
    const name = leafApplicationName(leaf);
    if (seen.has(leaf.path) || seen.has(name)) {
      throw new Error(`Two components render "${leaf.path}" (Application "${name}"); give each leaf its own folder.`);
    }
    seen.add(leaf.path).add(name);
  }
}

/** Namespaces the leaves put objects into or point Applications at. */
function namespacesUsed(leaves: readonly RenderedLeaf[]): Set<string> {
  const namespaces = new Set<string>();
  for (const { leaf, objects } of leaves) {
    namespaces.add(leaf.sync.namespace);
    for (const object of objects) {
      if (object.metadata.namespace) namespaces.add(object.metadata.namespace);
      const destination = (object.spec as { destination?: { namespace?: string } } | undefined)?.destination;
      if (object.kind === 'Application' && destination?.namespace) namespaces.add(destination.namespace);
    }
  }
  return namespaces;
}

/** Helm repositories of the Applications rendered inside platform leaves. */
function platformHelmRepos(leaves: readonly RenderedLeaf[]): string[] {
  return leaves
    .filter(({ leaf }) => leaf.sync.project === PLATFORM_PROJECT)
    .flatMap(({ objects }) => objects)
    .filter((object) => object.kind === 'Application')
    .map((object) => (object.spec as { source?: { repoURL?: string; chart?: string } }).source)
    .filter((source): source is { repoURL: string; chart: string } => Boolean(source?.chart && source.repoURL))
    .map((source) => source.repoURL);
}

/**
 * The bootstrap folder is a Helm chart because the AWS layer's ArgoCD add-on creates the root
 * Application with a Helm source (values.yaml plus parameters). Its templates are plain
 * rendered YAML; a kustomization.yaml lets `kubectl kustomize` read the same folder.
 */
function bootstrapFiles(app: App, context: ClusterContext, leaves: readonly RenderedLeaf[]): RenderedFile[] {
  const { fleet, clusterName } = context;
  const folder = posix.join(clusterName, BOOTSTRAP_FOLDER);
  const chart = new BootstrapChart(app, 'bootstrap', {
    repoUrl: fleet.repository.url,
    revision: fleet.repository.revision,
    teams: context.teams.map((team) => ({ name: team.name, namespace: team.namespace })),
    platformNamespaces: [...namespacesUsed(leaves)].filter((namespace) => (Object.values(PLATFORM_NAMESPACES) as string[]).includes(namespace)).sort(),
    platformHelmRepos: platformHelmRepos(leaves),
    applications: leaves.map(({ leaf }) => ({
      name: leafApplicationName(leaf),
      path: posix.join('dist', clusterName, leaf.path),
      project: leaf.sync.project,
      namespace: leaf.sync.namespace,
      wave: leaf.sync.wave,
      prune: leaf.sync.prune ?? true,
      syncOptions: leaf.sync.syncOptions ?? [],
      ignoreDifferences: leaf.sync.ignoreDifferences ?? [],
    })),
  });
  // Each template is serialised once; the Helm check reads the files rather than serialising
  // every object a second time.
  const templates = leafFiles(folder, chart.toJson() as KubernetesObject[], { resourcePrefix: 'templates' });
  for (const template of templates) {
    if (template.content.includes('{{')) {
      throw new Error(`${template.path} contains "{{", which Helm would template; keep template syntax out of the bootstrap chart.`);
    }
  }
  const chartYaml = {
    apiVersion: 'v2',
    name: `${clusterName}-bootstrap`,
    description: `App-of-apps of cluster ${clusterName}: AppProjects and one Application per folder of dist/${clusterName}.`,
    type: 'application',
    version: '1.0.0',
  };
  // ArgoCD passes values.yaml and parameters (cluster name, region, repository) to this chart.
  // The templates need none of them: every fact they carry is rendered from the fleet file.
  const values = { clusterName, region: context.account.region, repoUrl: fleet.repository.url };
  return [yamlFile(posix.join(folder, 'Chart.yaml'), chartYaml), yamlFile(posix.join(folder, 'values.yaml'), values), ...templates];
}
