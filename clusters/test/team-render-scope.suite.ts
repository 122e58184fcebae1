import { ApiObject, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { NetworkFlow } from '../../charts/network-flows';
import { TEAM_SYNCABLE_KINDS } from '../../platform/tenancy/team-resource-kinds';
import { WorkloadDefinition } from '../../workloads/workload-definition';
import { Fleet, FleetInput } from '../fleet/fleet-schema';
import { renderFleet } from '../render/render-fleet';
import { ECHO_WORKLOAD } from './support/echo-workload';
import { echoFleet } from './support/planted-render';
import { objectsOf } from './support/rendered-tree';

/** The test fleet with every app drawn by the planted chart, and `change` applied to each app. */
function fleetOf(change: (app: FleetInput['teams'][string]['apps'][string]) => void = () => undefined): Fleet {
  return echoFleet((fleet) => {
    for (const team of Object.values(fleet.teams)) {
      for (const app of Object.values(team.apps)) {
        app.chart = 'planted';
        app.networkExceptions = [];
        change(app);
      }
    }
  });
}

function render(definition: Partial<WorkloadDefinition>, fleet: Fleet = fleetOf()) {
  return renderFleet(fleet, { workloads: { planted: { ...ECHO_WORKLOAD, ...definition, chart: 'planted' } }, clusters: ['prod1'] });
}

const CLUSTER_ADMIN_BINDING = {
  metadata: { name: 'geordie-admins' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'team-geordie-developers' }],
};

describe('a team chart renders only its own objects', () => {
  test('the unchanged test chart renders', () => {
    expect(objectsOf(render({})).some(({ file }) => file.startsWith('prod1/workloads/'))).toBe(true);
  });

  test('a ClusterRoleBinding to cluster-admin from a workload chart fails the render, naming app, kind and name', () => {
    const planted: WorkloadDefinition['render'] = (scope, id, props) => {
      const chart = ECHO_WORKLOAD.render(scope, id, props);
      new k8s.KubeClusterRoleBinding(chart, 'Escalate', CLUSTER_ADMIN_BINDING);
      return chart;
    };
    expect(() => render({ render: planted })).toThrow(/app \S+ of team team-geordie \(cluster prod1\)[\s\S]*ClusterRoleBinding geordie-admins/);
  });

  test('a chart cannot reach the platform\'s folders through its scope: the planted binding finds no platform chart', () => {
    const reached: string[] = [];
    const planted: WorkloadDefinition['render'] = (scope, id, props) => {
      const chart = ECHO_WORKLOAD.render(scope, id, props);
      const platformCharts = scope.node.root.node.findAll().filter((construct): construct is Chart => Chart.isChart(construct) && construct !== chart);
      reached.push(...platformCharts.map((found) => found.node.path));
      for (const target of platformCharts) new k8s.KubeClusterRoleBinding(target, 'Escalate', CLUSTER_ADMIN_BINDING);
      return chart;
    };
    const objects = objectsOf(render({ render: planted }));
    expect(reached).toEqual([]);
    expect(objects.filter(({ object }) => object.kind === 'ClusterRoleBinding' && object.metadata?.name === 'geordie-admins')).toEqual([]);
  });

  test('a second chart created beside its own is refused', () => {
    const planted: WorkloadDefinition['render'] = (scope, id, props) => {
      new Chart(scope, 'platform-grafana');
      return ECHO_WORKLOAD.render(scope, id, props);
    };
    expect(() => render({ render: planted })).toThrow(/creates a second chart "platform-grafana"/);
  });

  test.each([
    ['a RoleBinding', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' }],
    ['a NetworkPolicy', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' }],
    ['an OpenTelemetryCollector', { apiVersion: 'opentelemetry.io/v1beta1', kind: 'OpenTelemetryCollector' }],
    ['a cert-manager Certificate', { apiVersion: 'cert-manager.io/v1', kind: 'Certificate' }],
    ['a Secret', { apiVersion: 'v1', kind: 'Secret' }],
  ])('%s is refused as a kind the team may not sync', (_title, type) => {
    const planted: WorkloadDefinition['render'] = (scope, id, props) => {
      const chart = ECHO_WORKLOAD.render(scope, id, props);
      new ApiObject(chart, 'Planted', { ...type, metadata: { name: 'planted' } });
      return chart;
    };
    expect(() => render({ render: planted })).toThrow(new RegExp(`${type.kind} planted \\(${type.apiVersion.replace('/', '\\/')}\\), a kind the team may not sync`));
  });

  test('an allowed kind in another namespace is refused', () => {
    const planted: WorkloadDefinition['render'] = (scope, id, props) => {
      const chart = ECHO_WORKLOAD.render(scope, id, props);
      new k8s.KubeConfigMap(chart, 'Elsewhere', { metadata: { name: 'elsewhere', namespace: 'observability' }, data: {} });
      return chart;
    };
    expect(() => render({ render: planted })).toThrow(/ConfigMap elsewhere in namespace "observability"/);
  });

  test('every kind on the team list is namespaced (no cluster-scoped kind can ride on it)', () => {
    const clusterScoped = ['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'CustomResourceDefinition', 'ValidatingAdmissionPolicy'];
    expect(TEAM_SYNCABLE_KINDS.filter(({ kind }) => clusterScoped.includes(kind))).toEqual([]);
  });
});

describe('the flows a team app declares stay within what the platform grants', () => {
  const withFlow = (direction: 'ingress' | 'egress', flow: NetworkFlow): Partial<WorkloadDefinition> => ({
    networkPolicies: (props) => [
      ...ECHO_WORKLOAD.networkPolicies(props),
      { name: `${props.appName}-planted`, podLabels: { app: props.appName }, ingress: direction === 'ingress' ? [flow] : [], egress: direction === 'egress' ? [flow] : [] },
    ],
  });

  test.each<[string, 'ingress' | 'egress', NetworkFlow, RegExp]>([
    ['egress to 0.0.0.0/0', 'egress', { reason: 'anywhere', peer: { cidr: '0.0.0.0/0' }, ports: [443] }, /names the IP block 0\.0\.0\.0\/0/],
    ['ingress from 0.0.0.0/0', 'ingress', { reason: 'anyone', peer: { cidr: '0.0.0.0/0' }, ports: [8080] }, /names the IP block 0\.0\.0\.0\/0/],
    ['egress to the VPC although the app is not exposed', 'egress', { reason: 'vpc', peer: { cidr: '10.0.0.0/16' }, ports: [443] }, /names the IP block 10\.0\.0\.0\/16/],
    ['egress to kube-system', 'egress', { reason: 'control plane', peer: { namespace: 'kube-system' }, ports: [443] }, /names namespace kube-system/],
    ['ingress from all of argocd', 'ingress', { reason: 'argocd', peer: { namespace: 'argocd' }, ports: [8080] }, /names namespace argocd/],
    ['ingress from the whole collectors namespace', 'ingress', { reason: 'collectors', peer: { namespace: 'observability' }, ports: [8080] }, /names namespace observability/],
    ['every port to the team\'s own pods', 'egress', { reason: 'all ports', peer: { podLabels: { app: 'x' } }, ports: [] }, /lists no port, which opens every port/],
  ])('%s is refused', (_title, direction, flow, message) => {
    expect(() => render(withFlow(direction, flow))).toThrow(message);
  });

  test('the wide flows of the red-team change are all reported at once', () => {
    const wide: Partial<WorkloadDefinition> = {
      networkPolicies: (props) => [
        {
          name: `${props.appName}-wide`,
          podLabels: { app: props.appName },
          ingress: [{ reason: 'any', peer: { cidr: '0.0.0.0/0' }, ports: [] }, { reason: 'system', peer: { namespace: 'kube-system' }, ports: [] }],
          egress: [{ reason: 'any', peer: { cidr: '0.0.0.0/0' }, ports: [] }],
        },
      ],
    };
    let message = '';
    try {
      render(wide);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(6);
  });

  test('the same flows pass with reasoned exceptions in the fleet file', () => {
    const fleet = fleetOf((app) => {
      app.networkExceptions = [
        { cidr: '0.0.0.0/0', allPorts: true, reason: 'the app is a public proxy in this scenario' },
        { namespace: 'kube-system', reason: 'the app reads the cluster DNS metrics in this scenario' },
      ];
    });
    const flows = withFlow('egress', { reason: 'anywhere', peer: { cidr: '0.0.0.0/0' }, ports: [] });
    expect(() => render(flows, fleet)).not.toThrow();
    expect(() => render(withFlow('egress', { reason: 'dns', peer: { namespace: 'kube-system' }, ports: [53] }), fleet)).not.toThrow();
  });

  test('an exposed app\'s entry point may admit its load balancer from the VPC, and only then', () => {
    const fromVpc = (props: { vpcCidr: string }): NetworkFlow => ({ reason: 'load balancer', peer: { cidr: props.vpcCidr }, ports: [8080] });
    const flows: Partial<WorkloadDefinition> = {
      networkPolicies: (props) => [...ECHO_WORKLOAD.networkPolicies(props), { name: `${props.appName}-entry`, podLabels: { app: props.appName }, ingress: [fromVpc(props)], egress: [] }],
    };
    expect(() => render(flows, fleetOf((app) => (app.exposure = 'internal')))).not.toThrow();
    expect(() => render(flows)).toThrow(/names the IP block 10\.0\.0\.0\/16/);
  });
});
