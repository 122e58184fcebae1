import { K6_SCRIPT, TARGET_URLS_ENV } from '../../charts/load-generator';
import { changedFleet, deployments, exampleFleet, renderClusterView } from './rendered-apps';

const loadGenerators = (fleet: ReturnType<typeof exampleFleet>, cluster: string) =>
  deployments(renderClusterView(fleet, cluster).apps()).filter((deployment) => deployment.metadata.name.endsWith('-load-generator'));

const envOf = (deployment: ReturnType<typeof loadGenerators>[number]) =>
  Object.fromEntries((deployment.spec.template.spec.containers[0].env ?? []).map((variable) => [variable.name, variable.value ?? '']));

describe('load generator', () => {
  test('is on in the example: one per app, each calling its own entry point at the fleet rate', () => {
    const fleet = exampleFleet();
    const generators = loadGenerators(fleet, 'prod1');
    expect(generators.map((generator) => generator.metadata.name).sort()).toEqual(['ho11y-load-generator', 'yelb-load-generator']);
    const byName = Object.fromEntries(generators.map((generator) => [generator.metadata.name, envOf(generator)]));
    expect(JSON.parse(byName['ho11y-load-generator'][TARGET_URLS_ENV])).toEqual(['http://frontend:80/']);
    expect(JSON.parse(byName['yelb-load-generator'][TARGET_URLS_ENV])).toEqual(['http://yelb-ui:80/', 'http://yelb-ui:80/api/pageviews', 'http://yelb-ui:80/api/getvotes']);
    const rate = fleet.clusters.prod1.loadGenerator.requestsPerSecond;
    for (const env of Object.values(byName)) expect(Number(env.REQUESTS_PER_MINUTE)).toBe(rate * 60);
  });

  test('follows a per-cluster rate, and at least one request a minute is sent', () => {
    const fleet = changedFleet((f) => {
      f.clusters.prod1.loadGenerator.requestsPerSecond = 0.5;
      f.clusters.prod2.loadGenerator.requestsPerSecond = 0.001;
    });
    expect(loadGenerators(fleet, 'prod1').map((generator) => envOf(generator).REQUESTS_PER_MINUTE)).toEqual(['30', '30']);
    expect(loadGenerators(fleet, 'prod2').map((generator) => envOf(generator).REQUESTS_PER_MINUTE)).toEqual(['1', '1']);
  });

  test('is absent, with its flows and ConfigMap, on a cluster that switches it off', () => {
    const fleet = changedFleet((f) => (f.clusters.prod2.loadGenerator.enabled = false));
    expect(loadGenerators(fleet, 'prod2')).toEqual([]);
    const view = renderClusterView(fleet, 'prod2');
    expect(view.apps().filter(({ object }) => object.metadata.name.includes('load-generator'))).toEqual([]);
    expect(view.tenancy().filter(({ object }) => JSON.stringify(object).includes('load-generator'))).toEqual([]);
    expect(loadGenerators(fleet, 'prod1')).toHaveLength(2);
  });

  test('the k6 script reads exactly the variables the Deployment sets', () => {
    const generator = loadGenerators(exampleFleet(), 'prod1')[0];
    const read = [...new Set([...K6_SCRIPT.matchAll(/__ENV\.(\w+)/g)].map((match) => match[1]))].sort();
    expect(read).toEqual(Object.keys(envOf(generator)).sort());
  });

  test('mounts the script it runs, from its own ConfigMap', () => {
    const view = renderClusterView(exampleFleet(), 'prod1');
    for (const generator of loadGenerators(exampleFleet(), 'prod1')) {
      const container = generator.spec.template.spec.containers[0];
      const script = (container as { args?: string[] }).args?.at(-1) ?? '';
      const mount = container.volumeMounts?.find((candidate) => script.startsWith(`${candidate.mountPath}/`));
      const volume = generator.spec.template.spec.volumes?.find((candidate) => candidate.name === mount?.name) as { configMap?: { name: string } } | undefined;
      const configMap = view.apps().find(({ object }) => object.kind === 'ConfigMap' && object.metadata.name === volume?.configMap?.name);
      expect((configMap?.object.data as Record<string, string> | undefined)?.[script.split('/').pop() ?? '']).toBe(K6_SCRIPT);
    }
  });
});
