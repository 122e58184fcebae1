import { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { PodSecurityLevel } from '../../charts/team-namespace';
import { argocdInstallation } from '../../platform/gitops/argocd-installation';
import { awsLayerNamespaces } from '../../platform/cluster-facts';
import type { Fleet } from '../fleet/fleet-schema';
import { RenderedObject } from '../validate/rendered-objects';
import { ClusterFacts, HelmRelease, ProjectScope, ScrapeJobSelector } from './helm-release';

const POD_SECURITY_LABEL = 'pod-security.kubernetes.io/enforce';

/**
 * The namespaces of each cluster and their Pod Security level: those rendered into `dist/<cluster>`
 * and those the AWS layer creates (ArgoCD's, and the ones holding the facts it writes).
 */
export function clusterFacts(fleet: Fleet, objects: readonly RenderedObject[]): ClusterFacts[] {
  return Object.entries(fleet.clusters).map(([name, cluster]) => {
    const namespaces = new Map<string, PodSecurityLevel>();
    for (const namespace of awsLayerNamespaces(fleet.grafana.managerCluster === name)) namespaces.set(namespace.name, namespace.podSecurity);
    for (const { cluster: where, object } of objects) {
      if (where !== name || object.apiVersion !== 'v1' || object.kind !== 'Namespace') continue;
      const labels = (object.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {};
      namespaces.set(String(object.metadata?.name), (labels[POD_SECURITY_LABEL] as PodSecurityLevel | undefined) ?? 'privileged');
    }
    return { name, kubernetesVersion: cluster.kubernetesVersion, namespaces, scrapeJobs: scrapeJobSelectors(objects.filter((object) => object.cluster === name)) };
  });
}

interface ScrapeConfigFields {
  readonly job_name?: string;
  readonly kubernetes_sd_configs?: readonly { readonly role?: string; readonly namespaces?: { readonly names?: readonly string[] } }[];
  readonly relabel_configs?: readonly { readonly action?: string; readonly source_labels?: readonly string[]; readonly regex?: string }[];
}

const SERVICE_LABEL_META = '__meta_kubernetes_service_label_';
const PORT_NAME_META = '__meta_kubernetes_endpointslice_port_name';

/**
 * The scrape jobs of the rendered collectors that find Services by label in one namespace
 * (endpointslice discovery limited to namespaces, kept by service label), read back from the
 * collector's configuration as rendered.
 */
export function scrapeJobSelectors(objects: readonly RenderedObject[]): ScrapeJobSelector[] {
  const selectors: ScrapeJobSelector[] = [];
  for (const { object } of objects) {
    if (object.kind !== 'OpenTelemetryCollector') continue;
    const config = (object as { spec?: { config?: { receivers?: { prometheus?: { config?: { scrape_configs?: readonly ScrapeConfigFields[] } } } } } }).spec?.config;
    for (const job of config?.receivers?.prometheus?.config?.scrape_configs ?? []) {
      const discovery = job.kubernetes_sd_configs?.[0];
      if (discovery?.role !== 'endpointslice') continue;
      const keeps = (job.relabel_configs ?? []).filter((rule) => rule.action === 'keep' && rule.source_labels?.length === 1);
      const serviceLabels = Object.fromEntries(
        keeps.filter((rule) => rule.source_labels?.[0].startsWith(SERVICE_LABEL_META)).map((rule) => [rule.source_labels?.[0].slice(SERVICE_LABEL_META.length) ?? '', rule.regex ?? '(.*)']),
      );
      if (Object.keys(serviceLabels).length === 0) continue;
      const portName = keeps.find((rule) => rule.source_labels?.[0] === PORT_NAME_META)?.regex;
      for (const namespace of discovery.namespaces?.names ?? []) {
        if (!selectors.some((selector) => selector.job === job.job_name && selector.namespace === namespace)) {
          selectors.push({ job: String(job.job_name), namespace, serviceLabels, ...(portName ? { portName } : {}) });
        }
      }
    }
  }
  return selectors;
}

function projectScope(project: IAppProject): ProjectScope {
  return {
    name: String(project.metadata?.name),
    destinations: project.spec?.destinations ?? [],
    clusterResourceWhitelist: project.spec?.clusterResourceWhitelist,
    namespaceResourceWhitelist: project.spec?.namespaceResourceWhitelist,
    namespaceResourceBlacklist: project.spec?.namespaceResourceBlacklist,
  };
}

/**
 * Every Helm release the project installs on each cluster: the AWS layer's ArgoCD (values from
 * the same function the AWS layer passes to the chart) and every Application in `dist/` with a
 * Helm chart source, with its project.
 */
export function projectReleases(fleet: Fleet, objects: readonly RenderedObject[]): HelmRelease[] {
  const releases: HelmRelease[] = [];
  for (const cluster of Object.keys(fleet.clusters)) {
    const installation = argocdInstallation(fleet.repository.url);
    releases.push({
      origin: `AWS layer ArgoCD installation (${cluster})`,
      cluster,
      releaseName: installation.releaseName,
      namespace: installation.namespace,
      chart: installation.chart,
      version: installation.version,
      repoUrl: installation.repoUrl,
      values: installation.values,
      kindsEstablishedBefore: installation.kindsEstablishedBefore,
    });
  }
  const projects = new Map<string, ProjectScope>();
  for (const { cluster, object } of objects) {
    if (object.apiVersion === 'argoproj.io/v1alpha1' && object.kind === 'AppProject') {
      projects.set(`${cluster}/${String(object.metadata?.name)}`, projectScope(object as unknown as IAppProject));
    }
  }
  for (const { file, cluster, object } of objects) {
    if (object.apiVersion !== 'argoproj.io/v1alpha1' || object.kind !== 'Application') continue;
    const application = object as unknown as IApplication;
    const source = application.spec?.source;
    if (!source?.chart) continue;
    const name = String(application.metadata?.name);
    releases.push({
      origin: `dist/${file.slice(0, file.lastIndexOf('/'))}`,
      cluster,
      releaseName: source.helm?.releaseName ?? name,
      namespace: application.spec.destination.namespace ?? 'default',
      chart: source.chart,
      version: source.targetRevision ?? '',
      repoUrl: source.repoURL,
      values: (source.helm?.valuesObject ?? {}) as Record<string, unknown>,
      project: projects.get(`${cluster}/${application.spec.project}`) ?? { name: application.spec.project, destinations: [] },
      kindsEstablishedBefore: [],
    });
  }
  return releases;
}
