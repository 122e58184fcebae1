import { parseImageReference, unpinnedImageReason } from '../pinned-image';

describe('pinned images', () => {
  test.each([
    'docker.io/library/redis:4.0.2',
    'redis:4.0.2',
    'registry.example.com:5000/team/app:1.2.3',
    'public.ecr.aws/mhausenblas/ho11y@sha256:' + 'a'.repeat(64),
    'docker.io/grafana/k6:1.7.1@sha256:' + 'b'.repeat(64),
    // A digest pins even a floating tag: the tag is then only a label.
    'docker.io/library/nginx:latest@sha256:' + 'c'.repeat(64),
  ])('%s is pinned', (image) => {
    expect(unpinnedImageReason(image)).toBeUndefined();
  });

  test.each([
    ['redis', /no tag or digest/],
    ['registry.example.com:5000/team/app', /no tag or digest/],
    ['redis:latest', /floating tag "latest"/],
    ['public.ecr.aws/mhausenblas/ho11y:stable', /floating tag "stable"/],
    ['Redis:1.0', /not an image reference/],
    ['redis@sha256:short', /not an image reference/],
  ])('%s is not', (image, reason) => {
    expect(unpinnedImageReason(image)).toMatch(reason);
  });

  test('a registry port is not mistaken for a tag', () => {
    expect(parseImageReference('registry.example.com:5000/team/app:1.2.3')).toEqual({ repository: 'registry.example.com:5000/team/app', tag: '1.2.3' });
    expect(parseImageReference('registry.example.com:5000/team/app')).toEqual({ repository: 'registry.example.com:5000/team/app' });
  });
});
