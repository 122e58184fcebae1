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

/** Values of the argo-cd Helm chart the AWS layer installs on every cluster. */
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
