import { posix } from 'node:path';
import { parse } from 'yaml';
import { teamGroupName } from '../fleet/derived-names';
import { GENERATED_HEADER } from '../render/rendered-file';
import { renderFleet } from '../render/render-fleet';
import { TEST_WORKLOADS, useEchoCharts } from './support/echo-workload';
import { fleetWith } from './support/fleet-fixtures';
import { findObject, leafFolderOf, objectsOf, renderForTest } from './support/rendered-tree';

const fleet = fleetWith(useEchoCharts);
const files = renderForTest(fleet);
const objects = objectsOf(files);

const folderOf = leafFolderOf(files);

describe('layout of dist/', () => {
  test('every cluster gets a bootstrap chart, a tenancy folder and one folder per app', () => {
    const folders = [...new Set(files.map((file) => folderOf(file.path)))];
    for (const cluster of ['prod1', 'prod2']) {
      expect(folders).toEqual(expect.arrayContaining([`${cluster}/bootstrap`, `${cluster}/platform/tenancy`, `${cluster}/workloads/team-geordie/ho11y`, `${cluster}/workloads/team-geordie/yelb`]));
    }
  });

  test('every file holds one object and starts with the generated-file header', () => {
    for (const file of files.filter((candidate) => candidate.path.endsWith('.yaml'))) {
      expect(file.content.startsWith(GENERATED_HEADER)).toBe(true);
      expect(file.content.split(/^---$/m)).toHaveLength(1);
    }
  });

  test('every folder has a kustomization.yaml listing exactly its object files', () => {
    const byFolder = new Map<string, string[]>();
    for (const { file } of objects) byFolder.set(folderOf(file), [...(byFolder.get(folderOf(file)) ?? []), file]);
    for (const [folder, objectFiles] of byFolder) {
      const kustomization = files.find((file) => file.path === `${folder}/kustomization.yaml`);
      expect(kustomization).toBeDefined();
      const resources: string[] = parse(kustomization?.content ?? '').resources;
      expect(resources.map((resource) => posix.join(folder, resource)).sort()).toEqual([...objectFiles].sort());
    }
  });

  test('file names follow kind and name, so each object is easy to find', () => {
    for (const { file, object } of objects) {
      expect(posix.basename(file)).toBe(`${String(object.kind)}-${String(object.metadata?.name)}.yaml`.toLowerCase());
    }
  });

  test('rendering twice gives byte-identical files in the same order', () => {
    // A render of its own: renderForTest would hand back the first one.
    expect(renderFleet(fleet, { workloads: TEST_WORKLOADS })).toEqual(files);
  });

  test('one cluster can be rendered alone, with the same content', () => {
    const prod1Only = renderForTest(fleet, ['prod1']);
    expect(prod1Only.every((file) => file.path.startsWith('prod1/'))).toBe(true);
    expect(prod1Only).toEqual(files.filter((file) => file.path.startsWith('prod1/')));
  });
});

describe('the bootstrap app-of-apps', () => {
  test('is a Helm chart whose templates Helm would not alter', () => {
    for (const cluster of ['prod1', 'prod2']) {
      const chart = parse(files.find((file) => file.path === `${cluster}/bootstrap/Chart.yaml`)?.content ?? '');
      expect(chart).toMatchObject({ apiVersion: 'v2', name: `${cluster}-bootstrap` });
      expect(files.some((file) => file.path === `${cluster}/bootstrap/values.yaml`)).toBe(true);
      const templates = files.filter((file) => file.path.startsWith(`${cluster}/bootstrap/templates/`));
      expect(templates.length).toBeGreaterThan(0);
      for (const template of templates) expect(template.content).not.toContain('{{');
    }
  });

  test('holds one Application per rendered folder, reading it from the fleet repository and revision', () => {
    for (const cluster of ['prod1', 'prod2']) {
      const folders = [...new Set(objects.filter((object) => object.cluster === cluster).map(({ file }) => folderOf(file)))].filter((folder) => !folder.endsWith('/bootstrap'));
      const applications = objects.filter(({ cluster: where, file, object }) => where === cluster && file.includes('/bootstrap/') && object.kind === 'Application');
      const sources = applications.map(({ object }) => (object.spec as { source: { path: string; repoURL: string; targetRevision: string } }).source);
      expect(sources.map((source) => source.path).sort()).toEqual(folders.map((folder) => `dist/${folder}`).sort());
      for (const source of sources) {
        expect(source.repoURL).toBe(fleet.repository.url);
        expect(source.targetRevision).toBe(fleet.repository.revision);
      }
    }
  });

  test('orders projects before tenancy before workloads, and every Application syncs itself with retry', () => {
    const wave = (name: string, kind = 'Application') =>
      Number((findObject(objects, 'prod1', kind, name)?.object.metadata as { annotations: Record<string, string> }).annotations['argocd.argoproj.io/sync-wave']);
    expect(wave('team-geordie', 'AppProject')).toBeLessThan(wave('platform-tenancy'));
    expect(wave('platform-tenancy')).toBeLessThan(wave('team-geordie-ho11y'));
    for (const { object } of objects.filter((candidate) => candidate.object.kind === 'Application')) {
      const syncPolicy = (object.spec as { syncPolicy: { automated: { selfHeal: boolean }; retry: { limit: number; backoff: object } } }).syncPolicy;
      expect(syncPolicy.automated.selfHeal).toBe(true);
      expect(syncPolicy.retry.limit).toBeGreaterThan(0);
      expect(syncPolicy.retry.backoff).toBeDefined();
    }
  });

  test('team Applications live in the team project and deploy only to the team namespace', () => {
    const application = findObject(objects, 'prod1', 'Application', 'team-geordie-ho11y')?.object;
    expect(application?.spec).toMatchObject({ project: 'team-geordie', destination: { namespace: 'geordie', server: 'https://kubernetes.default.svc' } });
  });
});

describe('adding a team is one fleet entry', () => {
  const withRiker = fleetWith((input) => {
    useEchoCharts(input);
    input.teams['team-riker'] = {
      namespace: 'riker',
      principals: ['arn:aws:iam::333333333333:role/RikerDevelopers'],
      apps: { echo: { clusters: ['prod2'] } },
    };
  });
  const rikerObjects = objectsOf(renderForTest(withRiker));

  test('its namespace, isolation, access, project and Application appear on the clusters it runs on', () => {
    const namespace = findObject(rikerObjects, 'prod2', 'Namespace', 'riker')?.object;
    expect(namespace?.metadata).toMatchObject({
      labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' },
    });
    expect(findObject(rikerObjects, 'prod2', 'ResourceQuota', 'team-quota', 'riker')).toBeDefined();
    expect(findObject(rikerObjects, 'prod2', 'LimitRange', 'container-defaults', 'riker')).toBeDefined();
    expect(findObject(rikerObjects, 'prod2', 'NetworkPolicy', 'default-deny-all', 'riker')?.object.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(findObject(rikerObjects, 'prod2', 'NetworkPolicy', 'echo-scrape', 'riker')).toBeDefined();
    const binding = findObject(rikerObjects, 'prod2', 'RoleBinding', teamGroupName('team-riker'), 'riker')?.object;
    expect(binding).toMatchObject({ subjects: [{ kind: 'Group', name: teamGroupName('team-riker') }], roleRef: { kind: 'ClusterRole', name: 'team-developer' } });
    expect(findObject(rikerObjects, 'prod2', 'AppProject', 'team-riker')?.object.spec).toMatchObject({ destinations: [{ namespace: 'riker' }] });
    expect(findObject(rikerObjects, 'prod2', 'Application', 'team-riker-echo')?.object.spec).toMatchObject({ project: 'team-riker', source: { path: 'dist/prod2/workloads/team-riker/echo' } });
    expect(findObject(rikerObjects, 'prod2', 'Deployment', 'echo', 'riker')).toBeDefined();
  });

  test('changes no other file: every path and byte stays, only the lists that name the team grow', () => {
    const before = new Map(renderForTest(fleet).map((file) => [file.path, file.content]));
    const after = new Map(renderForTest(withRiker).map((file) => [file.path, file.content]));
    expect([...before.keys()].filter((path) => !after.has(path))).toEqual([]);
    // The two kustomizations list the new files; the platform project may now deploy into the team's
    // namespace; the admission policies' bindings now select it too.
    expect([...before].filter(([path, content]) => after.get(path) !== content).map(([path]) => path)).toEqual([
      'prod2/bootstrap/kustomization.yaml',
      'prod2/bootstrap/templates/appproject-platform.yaml',
      'prod2/platform/tenancy/kustomization.yaml',
      'prod2/platform/tenancy/validatingadmissionpolicybinding-team-pods.yaml',
      'prod2/platform/tenancy/validatingadmissionpolicybinding-team-services.yaml',
    ]);
    for (const binding of ['team-pods', 'team-services']) {
      const selected = (parse(after.get(`prod2/platform/tenancy/validatingadmissionpolicybinding-${binding}.yaml`) ?? '') as { spec: { matchResources: { namespaceSelector: { matchExpressions: { values: string[] }[] } } } }).spec.matchResources.namespaceSelector.matchExpressions[0].values;
      expect(selected).toContain('riker');
    }
    const added = [...after.keys()].filter((path) => !before.has(path));
    expect(added.filter((path) => !/\/(team-riker\/|[a-z]+-team-riker[-.])/.test(path))).toEqual([]);
    expect(added).toEqual(expect.arrayContaining(['prod2/platform/tenancy/team-riker/namespace-riker.yaml', 'prod2/platform/tenancy/team-riker/limitrange-container-defaults.yaml']));
  });

  test('nothing of it appears on a cluster where it runs no app', () => {
    expect(rikerObjects.filter(({ cluster, object }) => cluster === 'prod1' && JSON.stringify(object).includes('riker'))).toEqual([]);
  });

  test('the platform project may deploy into the new namespace, the other team project may not', () => {
    const destinations = (name: string) => (findObject(rikerObjects, 'prod2', 'AppProject', name)?.object.spec as { destinations: { namespace: string }[] }).destinations.map((destination) => destination.namespace);
    expect(destinations('platform')).toContain('riker');
    expect(destinations('team-geordie')).toEqual(['geordie']);
  });
});
