import { App, Chart } from 'cdk8s';
import { ArgoCdProject, ArgoCdProjectProps } from '../../charts/argocd-project';
import { IN_CLUSTER_SERVER } from '../../charts/argocd-application';
import { PLATFORM_NAMESPACES } from '../platform-namespaces';
import { SYNC_WAVES } from '../sync-waves';

/**
 * The built-in `default` project, locked down to what the bootstrap Application needs: this
 * repository, and Applications and AppProjects in the ArgoCD namespace. Rendered into the
 * bootstrap chart and handed to the ArgoCD installation itself, so it is locked from the start.
 */
export function lockedDefaultProjectProps(repoUrl: string): ArgoCdProjectProps {
  return {
    name: 'default',
    description: 'Locked down: only the bootstrap Application uses it, to create the projects and Applications of this cluster.',
    sourceRepos: [repoUrl],
    destinations: [{ server: IN_CLUSTER_SERVER, namespace: PLATFORM_NAMESPACES.argocd }],
    clusterResourceWhitelist: [],
    namespaceResourceWhitelist: [
      { group: 'argoproj.io', kind: 'Application' },
      { group: 'argoproj.io', kind: 'AppProject' },
    ],
    syncWave: SYNC_WAVES.projects,
  };
}

/**
 * ArgoCD assesses an Application's health from its own resources only; without this check a
 * parent Application would not wait for a child's sync wave to become healthy, and the
 * app-of-apps ordering (operators before their custom resources) would not hold.
 */
export const APPLICATION_HEALTH_CHECK = [
  'hs = {}',
  'hs.status = "Progressing"',
  'hs.message = ""',
  'if obj.status ~= nil and obj.status.health ~= nil then',
  '  hs.status = obj.status.health.status',
  '  if obj.status.health.message ~= nil then',
  '    hs.message = obj.status.health.message',
  '  end',
  'end',
  'return hs',
  '',
].join('\n');

/**
 * argo-cd Helm chart (argoproj/argo-helm). 9.5.14 ships Argo CD v3.4.2, newer than the fixes of
 * every advisory listed in the project's policies (the last, CVE-2025-55190, was fixed in
 * 3.1.2 / 3.0.14 / 2.14.16). Bump the chart, the app version and this comment together.
 */
export const ARGOCD_CHART = {
  repoUrl: 'https://argoproj.github.io/argo-helm',
  chart: 'argo-cd',
  version: '9.5.14',
  /** Argo CD version the chart ships (for documentation and tests). */
  appVersion: '3.4.2',
} as const;

/** Helm release name of the installation (eks-blueprints' default for its ArgoCD add-on, set explicitly). */
export const ARGOCD_RELEASE_NAME = 'blueprints-addon-argocd';

/** The kind the installation itself creates an object of (the locked `default` project). */
const APP_PROJECT_KIND = { group: 'argoproj.io', kind: 'AppProject', plural: 'appprojects', version: 'v1alpha1' } as const;

/**
 * The AppProject kind, registered before the argo-cd release is installed, so that the release can
 * carry the locked `default` project in `extraObjects`.
 *
 * Why: chart 9.5.14 ships its CRDs in `templates/crds/`, in the same release manifest as
 * `extraObjects`, and Helm maps every object of a release to an API before creating any: an
 * AppProject in a release that also creates its CRD fails ("no matches for kind AppProject").
 * Creating the project after the chart instead leaves a window in which Argo CD's API server
 * creates the built-in, fully open `default` project at start-up.
 *
 * So the AWS layer applies this placeholder definition first (no schema, served and stored as
 * v1alpha1), carrying the release's Helm ownership labels: Helm then adopts it and replaces it with
 * the chart's own CRD in the same install that creates the locked project, before any Argo CD pod
 * runs. The AppProject exists, locked, from the first moment Argo CD can read it.
 */
export function appProjectKindPlaceholder(namespace: string = PLATFORM_NAMESPACES.argocd): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${APP_PROJECT_KIND.plural}.${APP_PROJECT_KIND.group}`,
      labels: { 'app.kubernetes.io/managed-by': 'Helm' },
      annotations: { 'meta.helm.sh/release-name': ARGOCD_RELEASE_NAME, 'meta.helm.sh/release-namespace': namespace },
    },
    spec: {
      group: APP_PROJECT_KIND.group,
      scope: 'Namespaced',
      names: { kind: APP_PROJECT_KIND.kind, listKind: `${APP_PROJECT_KIND.kind}List`, plural: APP_PROJECT_KIND.plural, singular: APP_PROJECT_KIND.kind.toLowerCase() },
      versions: [
        {
          name: APP_PROJECT_KIND.version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}

/** Everything the AWS layer's ArgoCD installation consists of; the AWS layer and `npm run conformance` both read it. */
export interface ArgoCdInstallation {
  readonly repoUrl: string;
  readonly chart: string;
  readonly version: string;
  readonly releaseName: string;
  readonly namespace: string;
  /** The values the chart is installed with, including what the eks-blueprints add-on adds. */
  readonly values: Record<string, unknown>;
  /** Kinds registered before the release is installed (`group/Kind`). */
  readonly kindsEstablishedBefore: readonly string[];
}

/**
 * Values the AWS layer passes to the eks-blueprints ArgoCD add-on. The add-on merges in two of its
 * own (`BLUEPRINTS_ADD_ON_VALUES`); `argocdInstallation` holds the merged result.
 */
export function argocdHelmValues(repoUrl: string): Record<string, unknown> {
  const chart = new Chart(new App(), 'argocd-installation');
  new ArgoCdProject(chart, 'DefaultProject', lockedDefaultProjectProps(repoUrl));
  return {
    // No SSO is configured, so Dex would only widen the attack surface.
    dex: { enabled: false },
    configs: { cm: { 'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_CHECK } },
    extraObjects: chart.toJson(),
  };
}

/** What the eks-blueprints ArgoCD add-on (1.19.0) sets itself: its own server service account, and the bootstrap repository. */
function blueprintsAddOnValues(repoUrl: string): Record<string, unknown> {
  return { server: { serviceAccount: { create: false } }, configs: { repositories: { bootstrap: { url: repoUrl } } } };
}

function mergeValues(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    merged[key] =
      current && value && typeof current === 'object' && typeof value === 'object' && !Array.isArray(current) && !Array.isArray(value)
        ? mergeValues(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return merged;
}

/** The AWS layer's ArgoCD installation on a cluster whose repository is `repoUrl`. */
export function argocdInstallation(repoUrl: string): ArgoCdInstallation {
  return {
    repoUrl: ARGOCD_CHART.repoUrl,
    chart: ARGOCD_CHART.chart,
    version: ARGOCD_CHART.version,
    releaseName: ARGOCD_RELEASE_NAME,
    namespace: PLATFORM_NAMESPACES.argocd,
    values: mergeValues(blueprintsAddOnValues(repoUrl), argocdHelmValues(repoUrl)),
    kindsEstablishedBefore: [`${APP_PROJECT_KIND.group}/${APP_PROJECT_KIND.kind}`],
  };
}
