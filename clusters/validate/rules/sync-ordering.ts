import { ApplicationIndex, hasSyncOption, IndexedApplication } from '../application-index';
import { isCoreKind } from '../core-schemas';
import { ObjectProblem } from '../object-problem';
import { findingAt } from '../finding';
import { PolicyContext, PolicyRule } from '../policy-rule';
import { RenderedObject } from '../rendered-objects';
import { CRD_GROUPS_BY_CHART, GROUPS_PRESENT_AT_BOOTSTRAP } from './operator-charts';

/**
 * Properties 21 and 24 of policies.md: on a fresh cluster the operators and their CRDs sync
 * before the custom resources that need them, a custom resource whose CRD arrives later does
 * not fail the dry run, and CRDs (too large for client-side apply's annotation) are applied
 * server-side.
 */

function apiGroup(object: { readonly apiVersion?: unknown }): string {
  const apiVersion = String(object.apiVersion ?? '');
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

interface CrdProviders {
  /**
   * Per cluster and group (`<cluster>/<group>`), the app-of-apps Applications whose sync brings
   * the group's CRDs: the one syncing a folder with CRD objects, or the one syncing the folder
   * that holds a Helm Application of an operator chart (its wave is what orders the sync).
   */
  readonly byGroup: Map<string, IndexedApplication[]>;
  /** Every Application that applies CRDs itself (Helm operator charts, folders with CRDs), with the groups. */
  readonly installers: Map<IndexedApplication, Set<string>>;
}

function crdProviders(objects: readonly RenderedObject[], index: ApplicationIndex): CrdProviders {
  const byGroup = new Map<string, IndexedApplication[]>();
  const installers = new Map<IndexedApplication, Set<string>>();
  const add = (cluster: string, group: string, installer: IndexedApplication, ordering: IndexedApplication) => {
    const key = `${cluster}/${group}`;
    const list = byGroup.get(key) ?? [];
    if (!list.includes(ordering)) list.push(ordering);
    byGroup.set(key, list);
    installers.set(installer, (installers.get(installer) ?? new Set()).add(group));
  };
  for (const application of index.applications) {
    const charts = [application.spec?.source, ...(application.spec?.sources ?? [])].map((source) => source?.chart).filter((chart): chart is string => Boolean(chart));
    const ordering = index.forFile(application.rendered.file) ?? application;
    for (const chart of charts) {
      for (const group of CRD_GROUPS_BY_CHART[chart] ?? []) add(application.rendered.cluster, group, application, ordering);
    }
  }
  for (const rendered of objects) {
    if (rendered.object.kind !== 'CustomResourceDefinition') continue;
    const application = index.forFile(rendered.file);
    const group = (rendered.object.spec as { group?: string } | undefined)?.group;
    if (application && group) add(rendered.cluster, group, application, application);
  }
  return { byGroup, installers };
}

interface CustomResource {
  readonly rendered: RenderedObject;
  readonly group: string;
  readonly application: IndexedApplication;
}

/** Rendered custom resources synced by an Application, whose CRD is not there from the start. */
function customResources(objects: readonly RenderedObject[], index: ApplicationIndex): CustomResource[] {
  return objects.flatMap((rendered) => {
    const group = apiGroup(rendered.object);
    if (group === '' || GROUPS_PRESENT_AT_BOOTSTRAP.includes(group) || isCoreKind(rendered.object)) return [];
    const application = index.forFile(rendered.file);
    return application ? [{ rendered, group, application }] : [];
  });
}

export const crdsBeforeCustomResources: PolicyRule = {
  id: 'sync-crd-before-custom-resources',
  description: 'Every custom resource is synced by an Application in a later wave than the Application installing its CRD (or by that same Application).',
  check({ objects }: PolicyContext): ObjectProblem[] {
    const index = new ApplicationIndex(objects);
    const { byGroup } = crdProviders(objects, index);
    return customResources(objects, index).flatMap(({ rendered, group, application }) => {
      const providers = byGroup.get(`${rendered.cluster}/${group}`) ?? [];
      if (providers.length === 0) {
        return [findingAt(rendered, this.id, '/apiVersion', `no Application of cluster ${rendered.cluster} installs the CRDs of ${group}; add the operator (and its chart to clusters/validate/rules/operator-charts.ts)`)];
      }
      if (providers.includes(application) || providers.some((provider) => provider.wave < application.wave)) return [];
      const provider = providers[0];
      return [findingAt(rendered, this.id, '/apiVersion', `its CRD comes from Application ${provider.name} in sync wave ${provider.wave}, not earlier than wave ${application.wave} of Application ${application.name}, which syncs it`)];
    });
  },
};

export const skipDryRunForCustomResources: PolicyRule = {
  id: 'sync-skip-dry-run-for-custom-resources',
  description: 'An Application syncing custom resources whose CRD another sync brings carries SkipDryRunOnMissingResource=true (or each such object does).',
  check({ objects }: PolicyContext): ObjectProblem[] {
    const index = new ApplicationIndex(objects);
    const kindsByApplication = new Map<IndexedApplication, Set<string>>();
    for (const { rendered, group, application } of customResources(objects, index)) {
      const annotation = (rendered.object.metadata as { annotations?: Record<string, string> }).annotations?.['argocd.argoproj.io/sync-options'];
      if (hasSyncOption(application.syncOptions, 'SkipDryRunOnMissingResource=true') || hasSyncOption(annotation, 'SkipDryRunOnMissingResource=true')) continue;
      kindsByApplication.set(application, (kindsByApplication.get(application) ?? new Set()).add(`${String(rendered.object.kind)} (${group})`));
    }
    return [...kindsByApplication].map(([application, kinds]) =>
      findingAt(application.rendered, this.id, '/spec/syncPolicy/syncOptions', `syncs ${[...kinds].sort().join(', ')} without SkipDryRunOnMissingResource=true; on a fresh cluster the dry run fails before the CRD exists`),
    );
  },
};

export const serverSideApplyForCrds: PolicyRule = {
  id: 'sync-server-side-apply-crds',
  description: 'Every Application that installs CRDs applies server-side: large CRDs exceed the 256 KiB annotation client-side apply writes.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    const index = new ApplicationIndex(objects);
    return [...crdProviders(objects, index).installers]
      .filter(([application]) => !hasSyncOption(application.syncOptions, 'ServerSideApply=true'))
      .map(([application, groups]) =>
        findingAt(application.rendered, this.id, '/spec/syncPolicy/syncOptions', `installs the CRDs of ${[...groups].sort().join(', ')} without ServerSideApply=true`),
      );
  },
};

export const SYNC_ORDERING_RULES: readonly PolicyRule[] = [crdsBeforeCustomResources, skipDryRunForCustomResources, serverSideApplyForCrds];
