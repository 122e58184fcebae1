import { Fleet } from '../../clusters/fleet/fleet-schema';
import { changedFleet, exampleFleet, renderClusterView, services, TEAM } from './rendered-apps';

const ENTRY_SERVICES = { ho11y: 'frontend', yelb: 'yelb-ui' } as const;
type App = keyof typeof ENTRY_SERVICES;

function withExposure(exposures: Partial<Record<App, 'none' | 'internal' | 'internet-facing'>>, clusters?: Partial<Record<App, string[]>>): Fleet {
  return changedFleet((fleet) => {
    for (const [app, exposure] of Object.entries(exposures)) fleet.teams[TEAM].apps[app].exposure = exposure;
    for (const [app, list] of Object.entries(clusters ?? {})) fleet.teams[TEAM].apps[app].clusters = list;
  });
}

function quotaOf(fleet: Fleet, cluster: string): Record<string, string | number> {
  const quota = renderClusterView(fleet, cluster)
    .tenancy()
    .find(({ object }) => object.kind === 'ResourceQuota');
  return (quota?.object.spec as { hard: Record<string, string | number> }).hard;
}

function entryService(fleet: Fleet, cluster: string, app: App) {
  const service = services(renderClusterView(fleet, cluster).app(app)).find((candidate) => candidate.metadata.name === ENTRY_SERVICES[app]);
  if (!service) throw new Error(`${app} has no entry Service ${ENTRY_SERVICES[app]}`);
  return service;
}

describe('exposure', () => {
  test('none (the default): ClusterIP, no load balancer annotations, no load balancer allowed by the quota', () => {
    const fleet = exampleFleet();
    for (const app of Object.keys(ENTRY_SERVICES) as App[]) {
      expect(fleet.teams[TEAM].apps[app].exposure).toBe('none');
      const service = entryService(fleet, 'prod1', app);
      expect(service.spec.type).toBe('ClusterIP');
      expect(Object.keys(service.metadata.annotations ?? {}).filter((key) => key.startsWith('service.beta.kubernetes.io/'))).toEqual([]);
    }
    expect(quotaOf(fleet, 'prod1')).toMatchObject({ 'services.loadbalancers': 0, 'services.nodeports': 0 });
  });

  test.each([['internal'], ['internet-facing']] as const)('%s: an NLB with IP targets and no node ports, and only the entry point', (exposure) => {
    const fleet = withExposure({ ho11y: exposure, yelb: exposure });
    for (const app of Object.keys(ENTRY_SERVICES) as App[]) {
      const all = services(renderClusterView(fleet, 'prod2').app(app));
      const entry = all.find((service) => service.metadata.name === ENTRY_SERVICES[app]);
      expect(entry?.spec.type).toBe('LoadBalancer');
      expect(entry?.metadata.annotations).toMatchObject({
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': exposure,
      });
      // A LoadBalancer Service counts its node ports against `services.nodeports` unless none are allocated.
      expect(entry?.spec.allocateLoadBalancerNodePorts).toBe(false);
      const others = all.filter((service) => service !== entry);
      expect(others.length).toBeGreaterThan(0);
      expect(others.filter((service) => service.spec.type !== 'ClusterIP').map((service) => service.metadata.name)).toEqual([]);
    }
    expect(quotaOf(fleet, 'prod2')).toMatchObject({ 'services.loadbalancers': 2, 'services.nodeports': 0 });
  });

  test('the quota counts the exposed apps of the team on each cluster separately', () => {
    const fleet = withExposure({ ho11y: 'internet-facing', yelb: 'internal' }, { ho11y: ['prod1'] });
    expect(quotaOf(fleet, 'prod1')).toMatchObject({ 'services.loadbalancers': 2, 'services.nodeports': 0 });
    expect(quotaOf(fleet, 'prod2')).toMatchObject({ 'services.loadbalancers': 1, 'services.nodeports': 0 });
  });

  test('an exposed entry point admits the VPC (where the NLB connects from); an unexposed one does not', () => {
    const vpcIngress = (fleet: Fleet) =>
      renderClusterView(fleet, 'prod1')
        .tenancy()
        .filter(({ object }) => object.kind === 'NetworkPolicy')
        .filter(({ object }) => JSON.stringify(object.spec).includes(`"cidr":"${fleet.clusters.prod1.vpc.cidr}"`))
        .map(({ object }) => object.metadata.name)
        .sort();
    expect(vpcIngress(exampleFleet())).toEqual([]);
    expect(vpcIngress(withExposure({ ho11y: 'internal' }))).toEqual(['ho11y-frontend']);
    expect(vpcIngress(withExposure({ ho11y: 'internal', yelb: 'internet-facing' }))).toEqual(['ho11y-frontend', 'yelb-ui']);
  });
});
