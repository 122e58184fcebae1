import { TARGET_URLS_ENV } from '../../charts/load-generator';
import { tracesOtlpGrpcEndpoint } from '../../platform/telemetry/collector-identities';
import { HARD_WIRED_PEERS_ANNOTATION } from '../hard-wired-peers';
import {
  deployments,
  DeploymentView,
  exampleFleet,
  renderClusterView,
  selectedDeployments,
  services,
  ServiceView,
  targetContainerPort,
} from './rendered-apps';

const fleet = exampleFleet();
const clusters = Object.keys(fleet.clusters);

/** Every `host[:port]` a container is told to call, with where it was found. */
interface NamedPeer {
  readonly from: string;
  readonly via: string;
  readonly host: string;
  readonly port: number;
}

function namedPeers(deployment: DeploymentView): NamedPeer[] {
  const from = deployment.metadata.name;
  const peers: NamedPeer[] = [];
  const addUrl = (via: string, value: string) => {
    const url = new URL(value);
    peers.push({ from, via, host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) });
  };
  for (const container of deployment.spec.template.spec.containers) {
    for (const { name, value } of container.env ?? []) {
      if (value === undefined) continue;
      if (/^https?:\/\//.test(value)) addUrl(`env ${name}`, value);
      if (name === TARGET_URLS_ENV) (JSON.parse(value) as string[]).forEach((url) => addUrl(`env ${name}`, url));
      if (name === 'OTEL_EXPORTER_OTLP_ENDPOINT') {
        const [host, port] = value.split(':');
        peers.push({ from, via: `env ${name}`, host, port: Number(port) });
      }
    }
  }
  const hardWired = deployment.spec.template.metadata.annotations?.[HARD_WIRED_PEERS_ANNOTATION];
  for (const entry of hardWired ? hardWired.split(',') : []) {
    const [host, port] = entry.split(':');
    peers.push({ from, via: `annotation ${HARD_WIRED_PEERS_ANNOTATION}`, host, port: Number(port) });
  }
  return peers;
}

describe.each(clusters)('service wiring on %s', (cluster) => {
  const view = renderClusterView(fleet, cluster);
  const apps = Object.values(fleet.teams).flatMap((team) => Object.entries(team.apps).filter(([, app]) => app.clusters.includes(cluster)).map(([name]) => name));

  test.each(apps)('every Service of %s selects pods that exist and serve its target port', (app) => {
    const objects = view.app(app);
    const appServices = services(objects);
    expect(appServices.length).toBeGreaterThan(0);
    for (const service of appServices) {
      const selected = selectedDeployments(service, deployments(objects));
      expect({ service: service.metadata.name, selectsPods: selected.length > 0 }).toEqual({ service: service.metadata.name, selectsPods: true });
      for (const deployment of selected) {
        for (const port of service.spec.ports) {
          expect({ service: service.metadata.name, port: port.name, pod: deployment.metadata.name, target: targetContainerPort(port, deployment) }).toEqual(
            expect.objectContaining({ target: expect.any(Number) }),
          );
        }
      }
    }
  });

  test.each(apps)('every Deployment of %s selects its own pods and no other Deployment\'s', (app) => {
    const all = deployments(view.apps());
    for (const deployment of deployments(view.app(app))) {
      const selector = deployment.spec.selector.matchLabels;
      const owners = all.filter((candidate) => Object.entries(selector).every(([key, value]) => candidate.spec.template.metadata.labels?.[key] === value));
      expect(owners.map((owner) => owner.metadata.name)).toEqual([deployment.metadata.name]);
    }
  });

  test.each(apps)('every Service %s names in env vars or hard-wired peers is rendered, on the port named', (app) => {
    const objects = view.app(app);
    const rendered = new Map<string, ServiceView>(services(objects).map((service) => [service.metadata.name, service]));
    const peers = deployments(objects).flatMap(namedPeers);
    expect(peers.length).toBeGreaterThan(0);
    for (const peer of peers) {
      if (peer.host.endsWith('.svc.cluster.local') || peer.host.endsWith('.svc')) {
        // A Service of another namespace: only the traces collector is allowed, at its one definition.
        expect(`${peer.host}:${peer.port}`).toBe(tracesOtlpGrpcEndpoint());
      } else if (!peer.host.includes('.')) {
        const service = rendered.get(peer.host);
        expect({ ...peer, rendered: service !== undefined }).toEqual({ ...peer, rendered: true });
        expect(service?.spec.ports.map((port) => port.port)).toContain(peer.port);
      } else {
        // Anything else is a public site, reached over HTTPS only.
        expect({ ...peer, https: peer.port === 443 }).toEqual({ ...peer, https: true });
      }
    }
  });

  test('ho11y sends traces to the one endpoint the telemetry layer defines, from every component', () => {
    const ho11y = deployments(view.app('ho11y')).filter((deployment) => deployment.spec.template.spec.containers[0].name === 'ho11y');
    expect(ho11y.map((deployment) => deployment.metadata.name).sort()).toEqual(['downstream0', 'downstream1', 'frontend']);
    for (const deployment of ho11y) {
      const env = deployment.spec.template.spec.containers[0].env ?? [];
      expect(env.find((variable) => variable.name === 'OTEL_EXPORTER_OTLP_ENDPOINT')?.value).toBe(tracesOtlpGrpcEndpoint());
    }
  });
});

describe('ho11y topology', () => {
  const view = renderClusterView(fleet, clusters[0]);
  const byName = new Map(deployments(view.app('ho11y')).map((deployment) => [deployment.metadata.name, deployment]));
  const env = (name: string) => Object.fromEntries((byName.get(name)?.spec.template.spec.containers[0].env ?? []).map((variable) => [variable.name, variable.value]));

  test('frontend calls both downstreams and injects failures; downstream1 also calls two simulated backends', () => {
    expect(env('frontend')).toMatchObject({ DOWNSTREAM0: 'http://downstream0:80', DOWNSTREAM1: 'http://downstream1:80', HO11Y_INJECT_FAILURE: 'enabled' });
    expect(env('downstream0').DOWNSTREAM0).toMatch(/^https:\/\//);
    expect(env('downstream0').HO11Y_INJECT_FAILURE).toBeUndefined();
    expect(env('downstream1')).toMatchObject({ DOWNSTREAM1: 'DUMMY:187kB:42ms', DOWNSTREAM2: 'DUMMY:13kB:2ms' });
  });

  test('every ho11y pod is annotated for the annotation-driven scrape job on its metrics port', () => {
    for (const deployment of byName.values()) {
      if (deployment.metadata.name.endsWith('load-generator')) continue;
      const annotations = deployment.spec.template.metadata.annotations ?? {};
      const ports = deployment.spec.template.spec.containers[0].ports ?? [];
      expect(annotations['prometheus.io/scrape']).toBe('true');
      expect(annotations['prometheus.io/path']).toBe('/metrics');
      expect(ports.map((port) => String(port.containerPort))).toContain(annotations['prometheus.io/port']);
    }
  });
});
