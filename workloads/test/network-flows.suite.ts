import { TARGET_URLS_ENV } from '../../charts/load-generator';
import { Fleet } from '../../clusters/fleet/fleet-schema';
import { validateCoreObject } from '../../clusters/validate/core-schemas';
import { PLATFORM_NAMESPACES } from '../../platform/platform-namespaces';
import { collectorPodLabels, METRICS_COLLECTOR, TRACES_COLLECTOR, tracesOtlpGrpcEndpoint } from '../../platform/telemetry/collector-identities';
import { SCRAPE_ANNOTATIONS } from '../../platform/telemetry/scrape-jobs';
import { HARD_WIRED_PEERS_ANNOTATION } from '../hard-wired-peers';
import { NON_INTERNET_RANGES } from '../network-peers';
import {
  changedFleet,
  deployments,
  DeploymentView,
  exampleFleet,
  matches,
  RenderedObject,
  renderClusterView,
  selectedDeployments,
  services,
  targetContainerPort,
  TEAM,
} from './rendered-apps';

/**
 * The flows the apps need, derived from what they render (env vars naming Services, hard-wired
 * peers, scrape annotations, the OTLP endpoint, exposed Services, container ports), compared
 * with the flows the platform's NetworkPolicies allow. Each flow is one string:
 * `<ingress|egress> <deployment> <peer> <port>`.
 */

const sortedLabels = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
const otherNamespacePeer = (namespace: string, labels: Readonly<Record<string, string>>) => `pods(${namespace}:${sortedLabels(labels)})`;
const INTERNET_PEER = `ip(0.0.0.0/0 except ${[...NON_INTERNET_RANGES].join(',')})`;
const SCRAPER_PEER = otherNamespacePeer(PLATFORM_NAMESPACES.collectors, collectorPodLabels(METRICS_COLLECTOR));
const TRACES_PEER = otherNamespacePeer(PLATFORM_NAMESPACES.collectors, collectorPodLabels(TRACES_COLLECTOR));

/** Expected flows of every app on a cluster, read from the rendered app objects only. */
function expectedFlows(objects: readonly RenderedObject[], vpcCidr: string): string[] {
  const pods = deployments(objects);
  const allServices = services(objects);
  const flows: string[] = [];
  const callService = (from: DeploymentView, host: string, port: number) => {
    const service = allServices.find((candidate) => candidate.metadata.name === host);
    if (!service) throw new Error(`${from.metadata.name} calls ${host}, which is not rendered`);
    const servicePort = service.spec.ports.find((candidate) => candidate.port === port);
    if (!servicePort) throw new Error(`${from.metadata.name} calls ${host}:${port}, which ${host} does not listen on`);
    for (const target of selectedDeployments(service, pods)) {
      const containerPort = targetContainerPort(servicePort, target);
      flows.push(`egress ${from.metadata.name} pod(${target.metadata.name}) ${containerPort}`);
      flows.push(`ingress ${target.metadata.name} pod(${from.metadata.name}) ${containerPort}`);
    }
  };
  const callUrl = (from: DeploymentView, value: string) => {
    const url = new URL(value);
    if (url.hostname.includes('.')) {
      flows.push(`egress ${from.metadata.name} ${INTERNET_PEER} ${Number(url.port || 443)}`);
    } else {
      callService(from, url.hostname, Number(url.port || 80));
    }
  };

  for (const pod of pods) {
    const template = pod.spec.template;
    for (const { name, value } of template.spec.containers.flatMap((container) => container.env ?? [])) {
      if (value === undefined) continue;
      if (/^https?:\/\//.test(value)) callUrl(pod, value);
      if (name === TARGET_URLS_ENV) (JSON.parse(value) as string[]).forEach((url) => callUrl(pod, url));
      if (name === 'OTEL_EXPORTER_OTLP_ENDPOINT') {
        expect(value).toBe(tracesOtlpGrpcEndpoint());
        flows.push(`egress ${pod.metadata.name} ${TRACES_PEER} ${Number(value.split(':')[1])}`);
      }
    }
    const hardWired = template.metadata.annotations?.[HARD_WIRED_PEERS_ANNOTATION];
    for (const peer of hardWired ? hardWired.split(',') : []) {
      const [host, port] = peer.split(':');
      callService(pod, host, Number(port));
    }
    if (template.metadata.annotations?.[SCRAPE_ANNOTATIONS.scrape] === 'true') {
      flows.push(`ingress ${pod.metadata.name} ${SCRAPER_PEER} ${Number(template.metadata.annotations[SCRAPE_ANNOTATIONS.port])}`);
    }
  }
  for (const service of allServices.filter((candidate) => candidate.spec.type === 'LoadBalancer')) {
    for (const target of selectedDeployments(service, pods)) {
      for (const port of service.spec.ports) flows.push(`ingress ${target.metadata.name} ip(${vpcCidr}) ${targetContainerPort(port, target)}`);
    }
  }
  return [...new Set(flows)].sort();
}

interface PolicyPeer {
  namespaceSelector?: { matchLabels?: Record<string, string> };
  podSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string; except?: string[] };
}
interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: { port: number; protocol?: string }[];
}
interface PolicyView {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { podSelector: { matchLabels?: Record<string, string> }; ingress?: PolicyRule[]; egress?: PolicyRule[]; policyTypes: string[] };
}

/** Flows the rendered app NetworkPolicies allow, with pod selectors resolved to the rendered Deployments. */
function allowedFlows(tenancy: readonly RenderedObject[], apps: readonly RenderedObject[]): string[] {
  const pods = deployments(apps);
  const policies = tenancy
    .filter(({ object }) => object.kind === 'NetworkPolicy' && (object.metadata as PolicyView['metadata']).annotations?.['platform/ingress-reasons'] !== undefined)
    .map(({ object }) => object as unknown as PolicyView);
  const flows: string[] = [];
  const describePeer = (peer: PolicyPeer, policy: string): string[] => {
    if (peer.ipBlock) return [peer.ipBlock.except ? `ip(${peer.ipBlock.cidr} except ${peer.ipBlock.except.join(',')})` : `ip(${peer.ipBlock.cidr})`];
    const namespace = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
    if (namespace) return [otherNamespacePeer(namespace, peer.podSelector?.matchLabels ?? {})];
    const peers = pods.filter((pod) => matches(peer.podSelector?.matchLabels, pod.spec.template.metadata.labels));
    if (peers.length === 0) throw new Error(`NetworkPolicy ${policy} names pods that are not rendered: ${JSON.stringify(peer.podSelector)}`);
    return peers.map((pod) => `pod(${pod.metadata.name})`);
  };
  for (const policy of policies) {
    const selected = pods.filter((pod) => matches(policy.spec.podSelector.matchLabels, pod.spec.template.metadata.labels));
    if (selected.length === 0) throw new Error(`NetworkPolicy ${policy.metadata.name} selects no rendered pod`);
    for (const [direction, rules] of [['ingress', policy.spec.ingress], ['egress', policy.spec.egress]] as const) {
      for (const rule of rules ?? []) {
        for (const peer of (direction === 'ingress' ? rule.from : rule.to) ?? []) {
          for (const port of rule.ports ?? []) {
            expect(port.protocol).toBe('TCP');
            for (const pod of selected) for (const described of describePeer(peer, policy.metadata.name)) flows.push(`${direction} ${pod.metadata.name} ${described} ${port.port}`);
          }
        }
      }
    }
  }
  return [...new Set(flows)].sort();
}

function compare(fleet: Fleet, cluster: string): { expected: string[]; allowed: string[] } {
  const view = renderClusterView(fleet, cluster);
  return { expected: expectedFlows(view.apps(), fleet.clusters[cluster].vpc.cidr), allowed: allowedFlows(view.tenancy(), view.apps()) };
}

const example = exampleFleet();

describe('NetworkPolicies allow exactly the flows the apps need', () => {
  const scenarios: [string, Fleet][] = [
    ['the example fleet', example],
    ['load generators off', changedFleet((fleet) => Object.values(fleet.clusters).forEach((cluster) => (cluster.loadGenerator.enabled = false)))],
    [
      'ho11y internet-facing and yelb internal',
      changedFleet((fleet) => {
        fleet.teams[TEAM].apps.ho11y.exposure = 'internet-facing';
        fleet.teams[TEAM].apps.yelb.exposure = 'internal';
      }),
    ],
  ];
  describe.each(scenarios)('%s', (_name, fleet) => {
    test.each(Object.keys(fleet.clusters))('on %s', (cluster) => {
      const { expected, allowed } = compare(fleet, cluster);
      expect(expected.length).toBeGreaterThan(10);
      expect(allowed).toEqual(expected);
    });

    test('the NetworkPolicies validate against the Kubernetes schema', () => {
      const policies = Object.keys(fleet.clusters).flatMap((cluster) => renderClusterView(fleet, cluster).tenancy().filter(({ object }) => object.kind === 'NetworkPolicy'));
      expect(policies.flatMap(({ file, object }) => validateCoreObject(object, file))).toEqual([]);
    });
  });

  test('the flows the issue names are among them', () => {
    const { allowed } = compare(example, 'prod1');
    expect(allowed).toEqual(
      expect.arrayContaining([
        'egress frontend pod(downstream0) 8765',
        'egress frontend pod(downstream1) 8765',
        `egress downstream0 ${INTERNET_PEER} 443`,
        `egress downstream1 ${INTERNET_PEER} 443`,
        `egress frontend ${TRACES_PEER} 4317`,
        `ingress frontend ${SCRAPER_PEER} 8765`,
        'egress yelb-ui pod(yelb-appserver) 4567',
        'egress yelb-appserver pod(redis-server) 6379',
        'egress yelb-appserver pod(yelb-db) 5432',
        'egress ho11y-load-generator pod(frontend) 8765',
        'egress yelb-load-generator pod(yelb-ui) 80',
      ]),
    );
    // Nothing of yelb reaches the internet or the collectors; nothing reaches yelb-db but the appserver.
    expect(allowed.filter((flow) => flow.startsWith('egress yelb') && (flow.includes('ip(') || flow.includes(PLATFORM_NAMESPACES.collectors)))).toEqual([]);
    expect(allowed.filter((flow) => flow.startsWith('ingress yelb-db '))).toEqual(['ingress yelb-db pod(yelb-appserver) 5432']);
  });

  test('a policy the apps do not need is caught', () => {
    const view = renderClusterView(example, 'prod1');
    const tenancy = structuredClone(view.tenancy());
    const db = tenancy.find(({ object }) => object.kind === 'NetworkPolicy' && object.metadata.name === 'yelb-db');
    if (!db) throw new Error('yelb-db NetworkPolicy not rendered');
    (db.object as unknown as PolicyView).spec.ingress?.push({ from: [{ podSelector: { matchLabels: { app: 'yelb-ui' } } }], ports: [{ port: 5432, protocol: 'TCP' }] });
    expect(allowedFlows(tenancy, view.apps())).not.toEqual(expectedFlows(view.apps(), example.clusters.prod1.vpc.cidr));
  });

  test('a missing policy is caught', () => {
    const view = renderClusterView(example, 'prod1');
    const tenancy = view.tenancy().filter(({ object }) => !(object.kind === 'NetworkPolicy' && object.metadata.name === 'yelb-appserver'));
    expect(allowedFlows(tenancy, view.apps())).not.toEqual(expectedFlows(view.apps(), example.clusters.prod1.vpc.cidr));
  });
});

describe('the namespace default', () => {
  test('everything else is denied, and DNS is the only flow open to every pod', () => {
    const view = renderClusterView(example, 'prod1');
    const namespaceWide = view
      .tenancy()
      .filter(({ object }) => object.kind === 'NetworkPolicy' && Object.keys((object as unknown as PolicyView).spec.podSelector.matchLabels ?? {}).length === 0)
      .map(({ object }) => object.metadata.name)
      .sort();
    expect(namespaceWide).toEqual(['allow-dns-egress', 'default-deny-all']);
  });
});
