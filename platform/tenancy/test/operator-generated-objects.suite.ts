import { OPENTELEMETRY_OPERATOR } from '../../add-ons/opentelemetry-operator';
import { TEAM_SYNCABLE_KINDS } from '../team-resource-kinds';
import { CLEAN_OBJECTS } from '../../../clusters/test/support/planted-render';

/**
 * No custom resource a team may create makes an operator write NetworkPolicies or RBAC for it.
 * Two locks: operator resources are not on the team's allow-list, and the OpenTelemetry operator,
 * whose collectors would otherwise each get a NetworkPolicy open to any source, has that off.
 */
const OPERATOR_GROUPS = ['opentelemetry.io', 'cert-manager.io', 'grafana.integreatly.org', 'argoproj.io', 'monitoring.coreos.com'];

describe('operators create no isolation objects on a team\'s behalf', () => {
  test('teams may sync no kind of an operator\'s API group, nor any group but the built-in ones', () => {
    const builtIn = ['', 'apps', 'autoscaling', 'batch', 'policy'];
    expect(TEAM_SYNCABLE_KINDS.filter(({ group }) => OPERATOR_GROUPS.includes(group) || !builtIn.includes(group))).toEqual([]);
  });

  test.each(['prod1', 'prod2'])('the rendered OpenTelemetry operator Application on %s switches operand and operator NetworkPolicies off', (cluster) => {
    const application = CLEAN_OBJECTS.find(
      ({ cluster: found, object }) => found === cluster && object.kind === 'Application' && (object.spec as { source?: { chart?: string } }).source?.chart === OPENTELEMETRY_OPERATOR.chart,
    );
    const values = (application?.object.spec as { source: { helm: { valuesObject: { manager: { featureGatesMap?: Record<string, boolean> } } } } } | undefined)?.source.helm.valuesObject;
    // The chart renders each `false` entry as `-<gate>` in the manager's --feature-gates flag.
    expect(values?.manager.featureGatesMap).toEqual({ 'operand.networkpolicy': false, 'operator.networkpolicy': false });
  });
});
