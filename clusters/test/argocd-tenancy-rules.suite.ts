import { ManifestObject } from '../validate/object-problem';
import { RenderedObject } from '../validate/rendered-objects';
import { validateObjects } from '../validate/validate-dist';
import { CLEAN_OBJECTS, ECHO_FLEET, Editable, Finding, findingsOf, planted } from './support/planted-render';

const fleet = ECHO_FLEET;
const clean = CLEAN_OBJECTS;

function findings(objects: readonly RenderedObject[]): Finding[] {
  return findingsOf(objects, fleet);
}

describe('a clean render', () => {
  test('validates against the Kubernetes schemas and the CRDs, and meets every rule', () => {
    expect(validateObjects(clean, { fleet })).toEqual([]);
  });
});

describe('schema validation', () => {
  test('catches a misspelled field of a custom resource, which the API server would silently drop', () => {
    const objects = planted('AppProject', 'team-geordie', (project) => {
      project.spec.sourceRepo = project.spec.sourceRepos;
    });
    const problems = validateObjects(objects, { fleet, rules: [] });
    expect(problems).toEqual([expect.objectContaining({ rule: 'schema', object: 'AppProject argocd/team-geordie', field: '/spec', message: expect.stringContaining('sourceRepo') })]);
  });

  test('catches a wrongly typed field of a built-in kind', () => {
    const objects = planted('ResourceQuota', 'team-quota', (quota) => {
      quota.spec.hard = 'unlimited';
    });
    const problems = validateObjects(objects, { fleet, rules: [] });
    expect(problems.map(({ object, field }) => `${object} ${field}`)).toEqual(['ResourceQuota geordie/team-quota /spec/hard']);
  });

  test('refuses a kind it has no schema for', () => {
    const stray: ManifestObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    const problems = validateObjects([...clean, { file: 'prod1/x/widget-w.yaml', cluster: 'prod1', object: stray }], { fleet, rules: [] });
    expect(problems).toEqual([expect.objectContaining({ file: 'prod1/x/widget-w.yaml', message: expect.stringContaining('no schema for example.com/v1 Widget') })]);
  });
});

describe('ArgoCD tenancy rules catch planted violations', () => {
  test.each<[string, string, string, (object: Editable) => void, string]>([
    ['the default project opened to every repository', 'AppProject', 'default', (project) => project.spec.sourceRepos.push('*'), 'argocd-default-project-locked'],
    ['the default project allowed cluster-scoped kinds', 'AppProject', 'default', (project) => (project.spec.clusterResourceWhitelist = [{ group: '*', kind: '*' }]), 'argocd-default-project-locked'],
    ['an Application in the default project', 'Application', 'team-geordie-ho11y', (application) => (application.spec.project = 'default'), 'argocd-default-project-locked'],
    ['an Application with no project', 'Application', 'team-geordie-yelb', (application) => delete application.spec.project, 'argocd-default-project-locked'],
    ['a team project reading any repository', 'AppProject', 'team-geordie', (project) => (project.spec.sourceRepos = ['https://github.com/example-org/*']), 'argocd-team-project-exact'],
    ['a team project with a globbed namespace', 'AppProject', 'team-geordie', (project) => (project.spec.destinations[0].namespace = 'geordie*'), 'argocd-team-project-exact'],
    ['a team project deploying to kube-system', 'AppProject', 'team-geordie', (project) => project.spec.destinations.push({ server: 'https://kubernetes.default.svc', namespace: 'kube-system' }), 'argocd-team-project-exact'],
    ['a team project allowed cluster-scoped kinds', 'AppProject', 'team-geordie', (project) => (project.spec.clusterResourceWhitelist = [{ group: '', kind: 'Namespace' }]), 'argocd-team-project-isolation'],
    ['a team project allowed NetworkPolicies', 'AppProject', 'team-geordie', (project) => project.spec.namespaceResourceWhitelist.push({ group: 'networking.k8s.io', kind: 'NetworkPolicy' }), 'argocd-team-project-isolation'],
    ['a team project allowed OpenTelemetry collectors', 'AppProject', 'team-geordie', (project) => project.spec.namespaceResourceWhitelist.push({ group: 'opentelemetry.io', kind: 'OpenTelemetryCollector' }), 'argocd-team-project-isolation'],
    ['a team project allowed every kind of a group', 'AppProject', 'team-geordie', (project) => project.spec.namespaceResourceWhitelist.push({ group: 'cert-manager.io', kind: '*' }), 'argocd-team-project-isolation'],
    ['a team project back on a deny list', 'AppProject', 'team-geordie', (project) => delete project.spec.namespaceResourceWhitelist, 'argocd-team-project-isolation'],
    ['a project accepting Applications from other namespaces', 'AppProject', 'team-geordie', (project) => (project.spec.sourceNamespaces = ['geordie']), 'argocd-no-source-namespaces'],
    ['the tenancy Application moved to a team project', 'Application', 'platform-tenancy', (application) => (application.spec.project = 'team-geordie'), 'argocd-application-within-project'],
    ['an Application naming a project that does not exist', 'Application', 'team-geordie-ho11y', (application) => (application.spec.project = 'team-wesley'), 'argocd-application-within-project'],
    ['an Application pointing at a folder that was never rendered', 'Application', 'team-geordie-ho11y', (application) => (application.spec.source.path = 'dist/prod1/workloads/team-geordie/h0lly'), 'argocd-application-path-exists'],
    ['an Application on another revision', 'Application', 'team-geordie-ho11y', (application) => (application.spec.source.targetRevision = 'HEAD'), 'argocd-application-path-exists'],
  ])('%s', (_title, kind, name, change, rule) => {
    expect(findings(planted(kind, name, change)).map((found) => found.rule)).toContain(rule);
  });

  test('a folder that creates Applications synced from a team project', () => {
    const objects = planted('Application', 'team-geordie-ho11y', (application) => {
      application.spec.source.path = 'dist/prod1/bootstrap';
    });
    expect(findings(objects)).toContainEqual({ rule: 'argocd-app-of-apps-platform', object: 'Application argocd/team-geordie-ho11y', field: '/spec/project' });
  });

  test('an ApplicationSet that lets generators choose the project', () => {
    const set: ManifestObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'everything', namespace: 'argocd' },
      spec: { generators: [], template: { metadata: {}, spec: { project: '{{team}}', destination: {}, source: { repoURL: fleet.repository.url } } } },
    };
    expect(findings([...clean, { file: 'prod1/x/applicationset-everything.yaml', cluster: 'prod1', object: set }])).toContainEqual({
      rule: 'argocd-no-source-namespaces',
      object: 'ApplicationSet argocd/everything',
      field: '/spec/template/spec/project',
    });
  });

  test('a cluster whose bootstrap lost the locked-down default project', () => {
    const objects = clean.filter(({ cluster, object }) => !(cluster === 'prod2' && object.kind === 'AppProject' && object.metadata?.name === 'default'));
    expect(findings(objects)).toContainEqual({ rule: 'argocd-default-project-locked', object: 'AppProject argocd/default', field: '/' });
  });
});
