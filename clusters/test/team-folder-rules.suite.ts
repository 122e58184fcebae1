import { ManifestObject } from '../validate/object-problem';
import { RenderedObject } from '../validate/rendered-objects';
import { teamFolderKinds } from '../validate/rules/team-folders';
import { CLEAN_OBJECTS, ECHO_FLEET, findingsOf, placed } from './support/planted-render';

const team = Object.keys(ECHO_FLEET.teams)[0];
const namespace = ECHO_FLEET.teams[team].namespace;

/** A folder of prod1 synced by the team's project, read from the rendered Applications. */
function teamFolder(): string {
  const application = CLEAN_OBJECTS.find(({ cluster, object }) => cluster === 'prod1' && object.kind === 'Application' && (object.spec as { project?: string }).project === team);
  const path = (application?.object.spec as { source?: { path?: string } } | undefined)?.source?.path;
  if (!path) throw new Error(`no Application of project ${team} on prod1`);
  return path.slice('dist/prod1/'.length);
}

function withObject(object: ManifestObject, folder = teamFolder()): RenderedObject[] {
  return [...CLEAN_OBJECTS, placed('prod1', folder, object)];
}

describe('the gate applies the team project\'s allow-list to team folders', () => {
  test('the clean render passes', () => {
    expect(findingsOf(CLEAN_OBJECTS, ECHO_FLEET, [teamFolderKinds])).toEqual([]);
  });

  test.each<[string, ManifestObject]>([
    ['a RoleBinding', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'planted', namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' }, subjects: [] }],
    ['a ClusterRoleBinding', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'planted' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [] }],
    ['a NetworkPolicy', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'planted', namespace }, spec: { podSelector: {} } }],
    ['an OpenTelemetryCollector', { apiVersion: 'opentelemetry.io/v1beta1', kind: 'OpenTelemetryCollector', metadata: { name: 'planted', namespace }, spec: {} }],
  ])('%s in a team folder fails before merge', (_title, object) => {
    expect(findingsOf(withObject(object), ECHO_FLEET)).toContainEqual({ rule: 'team-folder-kinds', object: expect.stringContaining(`${String(object.kind)} `), field: '/kind' });
  });

  test('an allowed kind in another namespace fails', () => {
    const object: ManifestObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'planted', namespace: 'observability' }, data: {} };
    expect(findingsOf(withObject(object), ECHO_FLEET, [teamFolderKinds])).toEqual([{ rule: 'team-folder-kinds', object: 'ConfigMap observability/planted', field: '/metadata/namespace' }]);
  });

  test('the same RoleBinding in a platform folder is not this rule\'s business', () => {
    const object: ManifestObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'planted', namespace }, roleRef: {}, subjects: [] };
    expect(findingsOf(withObject(object, 'platform/tenancy'), ECHO_FLEET, [teamFolderKinds])).toEqual([]);
  });
});
