import { FLOATING_IMAGE_EXCEPTIONS } from '../floating-image-exceptions';
import { clusterContext } from '../../clusters/render/cluster-context';
import { renderCluster } from '../../clusters/render/render-cluster';
import { K6_IMAGE } from '../../charts/load-generator';
import { changedFleet, deployments, exampleFleet, renderClusterView, TEAM } from './rendered-apps';

const imagesOf = (fleet: ReturnType<typeof exampleFleet>, app: string) =>
  Object.fromEntries(
    deployments(renderClusterView(fleet, 'prod1').app(app)).flatMap((deployment) =>
      deployment.spec.template.spec.containers.map((container) => [`${deployment.metadata.name}/${container.name}`, container.image]),
    ),
  );

describe('container images', () => {
  test('yelb runs the original images by default, fully qualified; both load generators run the pinned k6', () => {
    expect(imagesOf(exampleFleet(), 'yelb')).toEqual({
      'yelb-ui/yelb-ui': 'docker.io/mreferre/yelb-ui:0.7',
      'yelb-appserver/yelb-appserver': 'docker.io/mreferre/yelb-appserver:0.5',
      'redis-server/redis-server': 'docker.io/library/redis:4.0.2',
      'yelb-db/yelb-db': 'docker.io/mreferre/yelb-db:0.5',
      'yelb-load-generator/load-generator': K6_IMAGE,
    });
    expect(imagesOf(exampleFleet(), 'ho11y')['ho11y-load-generator/load-generator']).toBe(K6_IMAGE);
  });

  test('the fleet file overrides one container without touching the others', () => {
    const fleet = changedFleet((f) => (f.teams[TEAM].apps.yelb.images = { 'redis-server': 'registry.example.com/mirror/redis:4.0.2' }));
    const images = imagesOf(fleet, 'yelb');
    expect(images['redis-server/redis-server']).toBe('registry.example.com/mirror/redis:4.0.2');
    expect(images['yelb-ui/yelb-ui']).toBe('docker.io/mreferre/yelb-ui:0.7');
  });

  test('one ho11y override applies to all three components, which run the same binary', () => {
    const image = 'registry.example.com/ho11y:2021-06-10';
    const fleet = changedFleet((f) => (f.teams[TEAM].apps.ho11y.images = { ho11y: image }));
    const images = imagesOf(fleet, 'ho11y');
    expect([images['frontend/ho11y'], images['downstream0/ho11y'], images['downstream1/ho11y']]).toEqual([image, image, image]);
  });

  test('an override for a container the app does not have is refused, naming the containers it has', () => {
    const fleet = changedFleet((f) => (f.teams[TEAM].apps.yelb.images = { 'yelb-frontend': 'registry.example.com/yelb-ui:1.0.0' }));
    expect(() => renderCluster(clusterContext(fleet, 'prod1'))).toThrow(/"yelb-frontend".*yelb-ui, yelb-appserver, redis-server, yelb-db, load-generator/);
  });

  test('ho11y, which upstream publishes under floating tags only, runs on the first deploy: its one declared floating image, unless the fleet pins one', () => {
    const fleet = changedFleet((f) => (f.teams[TEAM].apps.ho11y.images = {}));
    const [declared] = FLOATING_IMAGE_EXCEPTIONS.filter((exception) => exception.chart === 'ho11y');
    expect(imagesOf(fleet, 'ho11y')['frontend/ho11y']).toBe(declared.image);
    expect(declared.image).not.toMatch(/@sha256:0{64}/);
  });

  test('any other floating ho11y image is refused at render', () => {
    const fleet = changedFleet((f) => (f.teams[TEAM].apps.ho11y.images = { ho11y: 'public.ecr.aws/z0a4o2j5/ho11y:latest' }));
    expect(() => renderCluster(clusterContext(fleet, 'prod1'))).toThrow(/frontend\/ho11y: image .* pin a release tag/);
  });

  test.each(['docker.io/library/redis:stable', 'docker.io/library/redis'])('a floating override (%s) is refused at render', (image) => {
    const fleet = changedFleet((f) => (f.teams[TEAM].apps.yelb.images = { 'redis-server': image }));
    expect(() => renderCluster(clusterContext(fleet, 'prod1'))).toThrow(/redis-server\/redis-server: image .* pin a release tag/);
  });
});
