import { Template } from 'aws-cdk-lib/assertions';
import { GRAFANA_TOKEN, GRAFANA_TOKEN_ROLE_NAME, tokenRotatorRoleName } from '../../../platform/grafana/token-rotator/token-contract';
import { clusterParts, OPTIONS, sharedOptionsApp, SynthesizedFleet } from './synth-fleet';
import { actionsOf, grantedStatements, kubernetesObjects, resourcesOf, roleLogicalId, roleNamed, Statement, statementsOf } from './template-helpers';

const { grafanaAdminGroup: ADMIN_GROUP, grafanaViewerUser: VIEWER_USER } = OPTIONS;

let synthesized: SynthesizedFleet;
let monitoring: Template;
let manager: Template;
let other: Template;
let managerAccount: string;
let monitoringAccount: string;

beforeAll(async () => {
  synthesized = await sharedOptionsApp();
  const { fleet } = synthesized;
  monitoring = synthesized.template(synthesized.monitoring);
  const managerName = fleet.grafana.managerCluster;
  manager = synthesized.template(clusterParts(synthesized, managerName).stack);
  const otherName = Object.keys(fleet.clusters).find((name) => name !== managerName) ?? managerName;
  other = synthesized.template(clusterParts(synthesized, otherName).stack);
  managerAccount = fleet.accounts[fleet.clusters[managerName].account].id;
  monitoringAccount = fleet.accounts[fleet.grafana.account].id;
}, 180_000);

function customResourceCalls(template: Template): { create: Record<string, unknown>; delete?: Record<string, unknown> }[] {
  return Object.values(resourcesOf(template, 'Custom::AWS')).map((resource) => {
    const properties = resource.Properties as { Create?: unknown; Delete?: unknown };
    // The calls are serialized as JSON, with tokens inside Fn::Join; the literal parts suffice here.
    const text = (value: unknown) => JSON.stringify(value ?? null);
    return { create: { text: text(properties.Create) }, delete: properties.Delete ? { text: text(properties.Delete) } : undefined };
  });
}

describe('grafana-operator access in the monitoring account', () => {
  it('creates the operator service account as ADMIN and deletes it on teardown', () => {
    const calls = customResourceCalls(monitoring).filter((call) => String(call.create.text).includes('createWorkspaceServiceAccount'));
    expect(calls).toHaveLength(1);
    expect(String(calls[0].create.text)).toContain(`\\"name\\":\\"${GRAFANA_TOKEN.serviceAccountName}\\"`);
    expect(String(calls[0].create.text)).toContain('\\"grafanaRole\\":\\"ADMIN\\"');
    expect(String(calls[0].delete?.text)).toContain('deleteWorkspaceServiceAccount');
  });

  it('gives the token role only the token APIs of the workspace, trusted by the rotator role alone', () => {
    const role = roleNamed(monitoring, GRAFANA_TOKEN_ROLE_NAME);
    const trust = statementsOf((role.Properties as { AssumeRolePolicyDocument: unknown }).AssumeRolePolicyDocument);
    expect(trust.flatMap(actionsOf).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    for (const statement of trust) {
      expect(statement.Principal).toEqual({ AWS: `arn:aws:iam::${managerAccount}:role/${tokenRotatorRoleName(synthesized.fleet.grafana.managerCluster)}` });
    }
    const granted = grantedStatements(monitoring, roleLogicalId(monitoring, GRAFANA_TOKEN_ROLE_NAME));
    expect(granted.flatMap(actionsOf).sort()).toEqual([
      'grafana:CreateWorkspaceServiceAccountToken',
      'grafana:DeleteWorkspaceServiceAccountToken',
      'grafana:ListWorkspaceServiceAccountTokens',
      'grafana:ListWorkspaceServiceAccounts',
    ]);
    for (const statement of granted) {
      expect(JSON.stringify(statement.Resource)).toMatch(/:\/workspaces\//);
      expect(JSON.stringify(statement.Resource)).not.toContain('*');
    }
  });

  it('assigns each Identity Center member of the fleet to its Grafana role, and revokes on removal', () => {
    const calls = customResourceCalls(monitoring).filter((call) => String(call.create.text).includes('updatePermissions'));
    expect(calls).toHaveLength(2);
    const texts = calls.map((call) => String(call.create.text)).join('\n');
    expect(texts).toContain(`\\"role\\":\\"ADMIN\\",\\"users\\":[{\\"id\\":\\"${ADMIN_GROUP}\\",\\"type\\":\\"SSO_GROUP\\"}]`);
    expect(texts).toContain(`\\"role\\":\\"VIEWER\\",\\"users\\":[{\\"id\\":\\"${VIEWER_USER}\\",\\"type\\":\\"SSO_USER\\"}]`);
    for (const call of calls) {
      expect(String(call.delete?.text)).toContain('\\"action\\":\\"REVOKE\\"');
    }
  });

  it('keeps cdk-nag quiet with the new constructs (every finding has a written reason)', () => {
    expect(synthesized.violations).toEqual([]);
  });
});

describe('the token rotator in the manager cluster', () => {
  it('binds its role by Pod Identity to the rotator service account, chaining into the token role', () => {
    const associations = Object.values(resourcesOf(manager, 'AWS::EKS::PodIdentityAssociation')).map((resource) => resource.Properties as Record<string, unknown>);
    const rotator = associations.filter((association) => association.ServiceAccount === GRAFANA_TOKEN.rotatorServiceAccount);
    expect(rotator).toHaveLength(1);
    expect(rotator[0]).toMatchObject({ Namespace: GRAFANA_TOKEN.namespace, TargetRoleArn: `arn:aws:iam::${monitoringAccount}:role/${GRAFANA_TOKEN_ROLE_NAME}` });
    expect(rotator[0].RoleArn).toBe(`arn:aws:iam::${managerAccount}:role/${tokenRotatorRoleName(synthesized.fleet.grafana.managerCluster)}`);
  });

  it('gets its role from a stack of the monitoring stage in its own account, deployed before the token role that trusts it', () => {
    const [roleStack] = synthesized.pipeline.monitoring.rotatorRoles;
    expect(roleStack.account).toBe(managerAccount);
    expect(synthesized.monitoring.dependencies).toContain(roleStack);
    const template = synthesized.template(roleStack);
    const roleName = tokenRotatorRoleName(synthesized.fleet.grafana.managerCluster);
    const granted: Statement[] = grantedStatements(template, roleLogicalId(template, roleName));
    expect(granted.flatMap(actionsOf).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(granted.map((statement) => statement.Resource)).toEqual([`arn:aws:iam::${monitoringAccount}:role/${GRAFANA_TOKEN_ROLE_NAME}`]);
    const trust = statementsOf((roleNamed(template, roleName).Properties as { AssumeRolePolicyDocument: unknown }).AssumeRolePolicyDocument);
    expect(trust.map((statement) => statement.Principal)).toEqual([{ Service: 'pods.eks.amazonaws.com' }]);
    expect(JSON.stringify(trust[0].Condition)).toContain(GRAFANA_TOKEN.rotatorServiceAccount);
  });

  it('creates the token Secret empty, never overwriting what the rotator wrote', () => {
    const secrets = kubernetesObjects(manager).filter((object) => object.kind === 'Secret');
    expect(secrets).toEqual([expect.objectContaining({ metadata: expect.objectContaining({ name: GRAFANA_TOKEN.secretName, namespace: GRAFANA_TOKEN.namespace }) })]);
    expect(secrets[0]).not.toHaveProperty('data');
    expect(secrets[0]).not.toHaveProperty('stringData');
    const manifests = Object.values(resourcesOf(manager, 'Custom::AWSCDK-EKS-KubernetesResource')).filter((resource) => JSON.stringify(resource.Properties).includes('"Secret'));
    expect(manifests.map((resource) => (resource.Properties as { Overwrite?: boolean }).Overwrite)).toEqual([false]);
  });

  it('exists only on the manager cluster', () => {
    if (other === manager) return;
    expect(kubernetesObjects(other).filter((object) => object.kind === 'Secret')).toEqual([]);
    expect(JSON.stringify(resourcesOf(other, 'AWS::EKS::PodIdentityAssociation'))).not.toContain(GRAFANA_TOKEN.rotatorServiceAccount);
  });
});
