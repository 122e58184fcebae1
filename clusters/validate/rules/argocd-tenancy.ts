import { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { IApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import { TEAM_DENIED_KINDS, PLATFORM_PROJECT } from '../../../platform/gitops/bootstrap-chart';
import { isReservedNamespace, PLATFORM_NAMESPACES } from '../../../platform/platform-namespaces';
import { describeTeamSyncableKinds, TEAM_SYNCABLE_KINDS } from '../../../platform/tenancy/team-resource-kinds';
import { describeObject, ObjectProblem } from '../object-problem';
import { PolicyContext, PolicyRule } from '../policy-rule';
import { RenderedObject } from '../rendered-objects';

/** ArgoCD tenancy: properties 1-5 of policies.md, and Applications staying inside their projects. */

const GLOB = /[*?![\]]/;

interface Found<T> {
  readonly file: string;
  readonly cluster: string;
  readonly resource: T;
}

function ofKind<T>(objects: readonly RenderedObject[], kind: string): Found<T>[] {
  return objects
    .filter(({ object }) => object.apiVersion === 'argoproj.io/v1alpha1' && object.kind === kind)
    .map(({ file, cluster, object }) => ({ file, cluster, resource: object as unknown as T }));
}

function finding(found: Found<{ kind?: string; metadata?: { name?: string; namespace?: string } }>, rule: string, field: string, message: string): ObjectProblem {
  return { file: found.file, object: describeObject(found.resource), field, message, rule };
}

export const defaultProjectLocked: PolicyRule = {
  id: 'argocd-default-project-locked',
  description: 'The built-in default project allows only this repository into the ArgoCD namespace, and no rendered Application uses it or leaves project empty.',
  check({ fleet, objects }: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    const projects = ofKind<IAppProject>(objects, 'AppProject');
    const clusters = Object.keys(fleet.clusters).filter((cluster) => objects.some((object) => object.cluster === cluster));
    for (const cluster of clusters) {
      if (!projects.some((project) => project.cluster === cluster && project.resource.metadata?.name === 'default')) {
        problems.push({ file: `${cluster}/bootstrap`, object: 'AppProject argocd/default', field: '/', message: 'the locked-down default project is not rendered; ArgoCD\'s built-in default allows everything', rule: this.id });
      }
    }
    for (const project of projects.filter((candidate) => candidate.resource.metadata?.name === 'default')) {
      const spec = project.resource.spec;
      const extraRepos = (spec.sourceRepos ?? []).filter((repo) => repo !== fleet.repository.url);
      if (extraRepos.length > 0) problems.push(finding(project, this.id, '/spec/sourceRepos', `may read only ${fleet.repository.url}, also lists ${extraRepos.join(', ')}`));
      (spec.destinations ?? []).forEach((destination, index) => {
        if (destination.namespace !== PLATFORM_NAMESPACES.argocd || destination.server !== 'https://kubernetes.default.svc') {
          problems.push(finding(project, this.id, `/spec/destinations/${index}`, `may deploy only to namespace ${PLATFORM_NAMESPACES.argocd} of the local cluster, found ${JSON.stringify(destination)}`));
        }
      });
      if ((spec.clusterResourceWhitelist ?? []).length > 0) problems.push(finding(project, this.id, '/spec/clusterResourceWhitelist', 'must be empty'));
      const allowed = spec.namespaceResourceWhitelist ?? [];
      const onlyArgo = allowed.length > 0 && allowed.every((kind) => kind.group === 'argoproj.io' && ['Application', 'AppProject'].includes(kind.kind));
      if (!onlyArgo) problems.push(finding(project, this.id, '/spec/namespaceResourceWhitelist', 'must allow only argoproj.io Application and AppProject'));
    }
    for (const application of ofKind<IApplication>(objects, 'Application')) {
      const project = application.resource.spec?.project;
      if (!project || project === 'default') {
        problems.push(finding(application, this.id, '/spec/project', `uses project "${project ?? ''}"; every rendered Application belongs to the platform project or its team's`));
      }
    }
    return problems;
  },
};

export const teamProjectsExact: PolicyRule = {
  id: 'argocd-team-project-exact',
  description: 'A team project lists exact repositories and exact {server, namespace} destinations, none of them reserved.',
  check({ fleet, objects }: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    for (const project of ofKind<IAppProject>(objects, 'AppProject').filter((found) => (found.resource.metadata?.name ?? '') in fleet.teams)) {
      const team = fleet.teams[project.resource.metadata?.name ?? ''];
      const spec = project.resource.spec;
      (spec.sourceRepos ?? []).forEach((repo, index) => {
        if (GLOB.test(repo)) problems.push(finding(project, this.id, `/spec/sourceRepos/${index}`, `"${repo}" is a pattern; list the exact repository URL`));
        else if (repo !== fleet.repository.url) problems.push(finding(project, this.id, `/spec/sourceRepos/${index}`, `"${repo}" is not the fleet repository ${fleet.repository.url}`));
      });
      (spec.destinations ?? []).forEach((destination, index) => {
        const namespace = destination.namespace ?? '';
        if (GLOB.test(namespace) || GLOB.test(destination.server ?? '') || destination.name !== undefined) {
          problems.push(finding(project, this.id, `/spec/destinations/${index}`, `${JSON.stringify(destination)} is a pattern or names a cluster; list an exact server and namespace`));
        } else if (isReservedNamespace(namespace)) {
          problems.push(finding(project, this.id, `/spec/destinations/${index}/namespace`, `"${namespace}" is reserved for Kubernetes or the platform`));
        } else if (namespace !== team.namespace) {
          problems.push(finding(project, this.id, `/spec/destinations/${index}/namespace`, `"${namespace}" is not the team's namespace ${team.namespace}`));
        }
      });
      if ((spec.destinations ?? []).length === 0) problems.push(finding(project, this.id, '/spec/destinations', 'lists no destination'));
    }
    return problems;
  },
};

export const teamProjectIsolation: PolicyRule = {
  id: 'argocd-team-project-isolation',
  description: 'A team project may create no cluster-scoped object, and allows exactly the namespaced kinds teams may sync (none that change isolation).',
  check({ fleet, objects }: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    const key = (entry: { group?: string; kind?: string }) => `${entry.group ?? ''}/${entry.kind ?? ''}`;
    const expected = TEAM_SYNCABLE_KINDS.map(key).sort();
    for (const project of ofKind<IAppProject>(objects, 'AppProject').filter((found) => (found.resource.metadata?.name ?? '') in fleet.teams)) {
      const spec = project.resource.spec;
      if ((spec.clusterResourceWhitelist ?? []).length > 0) {
        problems.push(finding(project, this.id, '/spec/clusterResourceWhitelist', `must be empty, found ${JSON.stringify(spec.clusterResourceWhitelist)}`));
      }
      const allowed = spec.namespaceResourceWhitelist;
      if (allowed === undefined) {
        problems.push(finding(project, this.id, '/spec/namespaceResourceWhitelist', `is missing, so every kind not denied is allowed; list exactly ${describeTeamSyncableKinds()}`));
        continue;
      }
      const found = allowed.map(key);
      const extra = found.filter((entry) => !expected.includes(entry));
      const missing = expected.filter((entry) => !found.includes(entry));
      if (extra.length > 0) problems.push(finding(project, this.id, '/spec/namespaceResourceWhitelist', `allows ${extra.join(', ')}, which teams may not sync`));
      if (missing.length > 0) problems.push(finding(project, this.id, '/spec/namespaceResourceWhitelist', `leaves out ${missing.join(', ')}; the project, the render and the gate share one list`));
      for (const denied of TEAM_DENIED_KINDS) {
        const opened = allowed.some((entry) => (entry.group === denied.group || entry.group === '*') && (entry.kind === denied.kind || entry.kind === '*' || denied.kind === '*'));
        if (opened) problems.push(finding(project, this.id, '/spec/namespaceResourceWhitelist', `allows ${denied.group || 'core'}/${denied.kind}, which changes isolation`));
      }
    }
    return problems;
  },
};

export const noAppsInAnyNamespace: PolicyRule = {
  id: 'argocd-no-source-namespaces',
  description: 'Apps-in-any-namespace stays off (no sourceNamespaces) and no ApplicationSet templates its project.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    for (const project of ofKind<IAppProject>(objects, 'AppProject')) {
      if ((project.resource.spec.sourceNamespaces ?? []).length > 0) {
        problems.push(finding(project, this.id, '/spec/sourceNamespaces', 'lets Applications outside the ArgoCD namespace use this project; remove it'));
      }
    }
    for (const set of ofKind<IApplicationSet>(objects, 'ApplicationSet')) {
      const project = set.resource.spec.template.spec.project;
      if (typeof project !== 'string' || project.includes('{{')) {
        problems.push(finding(set, this.id, '/spec/template/spec/project', `is templated (${String(project)}); generated Applications could pick their own project`));
      }
    }
    return problems;
  },
};

export const appOfAppsInPlatform: PolicyRule = {
  id: 'argocd-app-of-apps-platform',
  description: 'An Application whose folder creates Applications belongs to the platform project.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    const foldersWithApplications = new Set(
      objects
        .filter(({ object }) => object.kind === 'Application' || object.kind === 'AppProject')
        .map(({ file }) => file.slice(0, file.lastIndexOf('/')).replace(/\/templates$/, '')),
    );
    for (const application of ofKind<IApplication>(objects, 'Application')) {
      const path = application.resource.spec?.source?.path;
      if (!path?.startsWith('dist/')) continue;
      const folder = path.slice('dist/'.length);
      if (foldersWithApplications.has(folder) && application.resource.spec?.project !== PLATFORM_PROJECT) {
        problems.push(finding(application, this.id, '/spec/project', `syncs ${path}, which creates Applications, from project "${application.resource.spec?.project}"; only the platform project may`));
      }
    }
    return problems;
  },
};

export const applicationsWithinProject: PolicyRule = {
  id: 'argocd-application-within-project',
  description: 'Every Application names a rendered project of its cluster whose destinations include its own.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    const projects = ofKind<IAppProject>(objects, 'AppProject');
    for (const application of ofKind<IApplication>(objects, 'Application')) {
      const name = application.resource.spec?.project;
      if (!name || name === 'default') continue; // reported by argocd-default-project-locked
      const project = projects.find((candidate) => candidate.cluster === application.cluster && candidate.resource.metadata?.name === name);
      if (!project) {
        problems.push(finding(application, this.id, '/spec/project', `names project "${name}", which is not rendered for cluster ${application.cluster}`));
        continue;
      }
      const destination = application.resource.spec?.destination;
      const allowed = (project.resource.spec.destinations ?? []).some(
        (candidate) => candidate.server === destination?.server && candidate.namespace === destination?.namespace,
      );
      if (!allowed) {
        problems.push(finding(application, this.id, '/spec/destination', `${JSON.stringify(destination)} is not a destination of project "${name}"`));
      }
    }
    return problems;
  },
};

export const ARGOCD_TENANCY_RULES: readonly PolicyRule[] = [
  defaultProjectLocked,
  teamProjectsExact,
  teamProjectIsolation,
  noAppsInAnyNamespace,
  appOfAppsInPlatform,
  applicationsWithinProject,
];
