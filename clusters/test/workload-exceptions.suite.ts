import { renderFleet } from '../render/render-fleet';
import { GATE_RULE_IDS } from '../validate/gate';
import { applyPolicyExceptions, GateFinding } from '../validate/policy-exceptions';
import { POLICY_RULES } from '../validate/policy-rules';
import { POD_SECURITY_EXCEPTIONS_FILE, workloadExceptions } from '../validate/workload-exceptions';
import { testFleet } from './support/test-fleet';
import { objectsOf } from './support/rendered-tree';

/**
 * The test fleet with the real app charts, ho11y on its default image as the example fleet runs
 * it: yelb-ui is the one container that cannot run restricted, and ho11y's image the one that
 * floats (upstream publishes no pinned build).
 */
const fleet = testFleet((input) => {
  delete input.teams['team-geordie'].apps.ho11y.images;
});
const objects = objectsOf(renderFleet(fleet));
const findings: GateFinding[] = POLICY_RULES.flatMap((rule) => rule.check({ fleet, objects })).map((problem) => ({ ...problem, cluster: problem.file?.split('/')[0] }));

describe('exceptions declared by app charts', () => {
  test('without them, the gate reports exactly the yelb-ui deviations and the floating ho11y image on each cluster', () => {
    const ho11y = ['downstream0', 'downstream1', 'frontend'];
    expect([...new Set(findings.map(({ rule, object, cluster }) => `${cluster} ${object} ${rule}`))].sort()).toEqual(
      ['prod1', 'prod2']
        .flatMap((cluster) => [
          ...ho11y.map((name) => `${cluster} Deployment geordie/${name} image-pinned`),
          `${cluster} Deployment geordie/yelb-ui container-read-only-root-filesystem`,
          `${cluster} Deployment geordie/yelb-ui pod-security-restricted`,
        ])
        .sort(),
    );
  });

  test('the code list accepts them all with its reason, and the fleet file needs no entry', () => {
    expect(fleet.policyExceptions).toEqual([]);
    const outcome = applyPolicyExceptions(findings, fleet.policyExceptions, GATE_RULE_IDS, 'clusters/fleet.yaml', workloadExceptions(fleet, objects));
    expect(outcome.findings).toEqual([]);
    expect(outcome.accepted.length).toBe(findings.length);
    for (const { finding, exception } of outcome.accepted) expect(exception.reason).toMatch(finding.rule === 'image-pinned' ? /ho11y publishes no versioned/ : /nginx/);
  });

  test('an exception the chart no longer needs is reported against the code list', () => {
    const stillRestricted = findings.filter((finding) => finding.rule !== 'container-read-only-root-filesystem');
    const outcome = applyPolicyExceptions(stillRestricted, [], GATE_RULE_IDS, 'clusters/fleet.yaml', workloadExceptions(fleet, objects));
    expect(outcome.findings).toEqual([
      expect.objectContaining({ rule: 'policy-exception-valid', file: POD_SECURITY_EXCEPTIONS_FILE, field: 'yelb/yelb-ui/container-read-only-root-filesystem', message: expect.stringContaining('matches no finding') }),
      expect.objectContaining({ rule: 'policy-exception-valid', file: POD_SECURITY_EXCEPTIONS_FILE, field: 'yelb/yelb-ui/container-read-only-root-filesystem' }),
    ]);
  });

  test('an app that renders the chart under another name is still covered', () => {
    const renamed = testFleet();
    const team = renamed.teams['team-geordie'];
    const apps = Object.fromEntries(Object.entries(team.apps).map(([name, app]) => (name === 'yelb' ? ['voting', { ...app, chart: 'yelb' }] : [name, app])));
    const withVoting = { ...renamed, teams: { ...renamed.teams, 'team-geordie': { ...team, apps } } };
    const renamedObjects = objectsOf(renderFleet(withVoting));
    expect(workloadExceptions(withVoting, renamedObjects).map(({ exception }) => exception.object?.name)).toContain('yelb-ui');
  });
});
