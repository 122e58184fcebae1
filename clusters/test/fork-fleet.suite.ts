import { WORKLOADS } from '../../workloads/registry';
import { renderFleet } from '../render/render-fleet';
import { forkFleetBuilder, identityValues, OTHER_IDENTITY, TEST_IDENTITY } from './support/test-fleet';

/**
 * A fork replaces every example value of the fleet file and adds a cluster in an account of its
 * own. The fleet-dependent checks must pass for it
 * as they do for the test fleet: nothing in the code may assume the example's ids or names.
 */
const builder = forkFleetBuilder();
const fleet = builder.build({ knownAppCharts: Object.keys(WORKLOADS) });
const files = renderFleet(fleet);

describe('a fork of the fleet: other ids, region, repository, principals and digest, and a third cluster', () => {
  it('shares no id, region, URL, principal or digest with the test fleet, and has 3 clusters in 5 accounts', () => {
    const text = builder.toYaml();
    expect(identityValues(TEST_IDENTITY).filter((value) => text.includes(value))).toEqual([]);
    expect(Object.keys(fleet.clusters)).toEqual(['prod1', 'prod2', 'prod3']);
    expect(new Set(Object.values(fleet.accounts).map((account) => account.id)).size).toBe(5);
  });

  it('renders every cluster, and nothing rendered carries a value of the test fleet', () => {
    for (const cluster of Object.keys(fleet.clusters)) expect(files.some((file) => file.path.startsWith(`${cluster}/bootstrap/`))).toBe(true);
    const leaked = files.filter((file) => identityValues(TEST_IDENTITY).some((value) => file.content.includes(value))).map((file) => file.path);
    expect(leaked).toEqual([]);
    const repository = files.find((file) => file.path === 'prod3/bootstrap/values.yaml');
    expect(repository?.content).toContain(OTHER_IDENTITY.repositoryUrl);
  });
  // npm run validate over this fork's render and its AWS templates: clusters/infra/test/offline-synth.suite.ts.
});
