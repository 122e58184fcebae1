import { aws_iam as iam, custom_resources as cr, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { GrafanaAccess } from '../../fleet/fleet-schema';
import { acknowledgeFindings } from './nag-acknowledgements';
import { rules } from './nag-rules';

export interface GrafanaAccessAssignmentsProps {
  /** Id of the Grafana workspace. */
  readonly workspaceId: string;
  /** `grafana.access` of the fleet: Identity Center groups and users per Grafana role. */
  readonly access: GrafanaAccess;
}

/** Fleet key -> Grafana role of the UpdatePermissions API. */
const GRAFANA_ROLES = { admins: 'ADMIN', editors: 'EDITOR', viewers: 'VIEWER' } as const;

/**
 * Assigns the fleet's IAM Identity Center groups and users to the workspace, one custom resource
 * per assignment (CloudFormation has no resource type for it): created with `UpdatePermissions`
 * ADD, deleted with REVOKE, so removing someone from the fleet file revokes their access.
 */
export class GrafanaAccessAssignments extends Construct {
  /** `ROLE:TYPE:id` of every assignment made. */
  public readonly assignments: readonly string[];

  public constructor(scope: Construct, id: string, props: GrafanaAccessAssignmentsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const workspaceArn = `arn:${stack.partition}:grafana:${stack.region}:${stack.account}:/workspaces/${props.workspaceId}`;
    const policy = cr.AwsCustomResourcePolicy.fromStatements([
      new iam.PolicyStatement({ actions: ['grafana:UpdatePermissions'], resources: [workspaceArn] }),
      // What the service checks in Identity Center while updating permissions (the read actions of
      // the AWS managed policy AWSGrafanaWorkspacePermissionManagementV2); they take no resource ARN.
      new iam.PolicyStatement({
        actions: [
          'sso:DescribeRegisteredRegions',
          'sso:GetSharedSsoConfiguration',
          'sso:ListDirectoryAssociations',
          'sso:GetManagedApplicationInstance',
          'sso:ListProfiles',
          'sso:GetProfile',
          'sso:ListProfileAssociations',
          'sso-directory:DescribeUser',
          'sso-directory:DescribeGroup',
        ],
        resources: ['*'],
      }),
    ]);

    const assignments: string[] = [];
    for (const [key, role] of Object.entries(GRAFANA_ROLES) as [keyof typeof GRAFANA_ROLES, string][]) {
      const members = props.access[key];
      const entries = [...members.groups.map((memberId) => ({ id: memberId, type: 'SSO_GROUP' })), ...members.users.map((memberId) => ({ id: memberId, type: 'SSO_USER' }))];
      for (const member of entries) {
        const assignment = `${role}:${member.type}:${member.id}`;
        const instruction = (action: 'ADD' | 'REVOKE'): cr.AwsSdkCall => ({
          service: 'Grafana',
          action: 'updatePermissions',
          parameters: { workspaceId: props.workspaceId, updateInstructionBatch: [{ action, role, users: [member] }] },
          physicalResourceId: cr.PhysicalResourceId.of(assignment),
        });
        new cr.AwsCustomResource(this, `Assign-${role}-${member.type}-${member.id}`, {
          installLatestAwsSdk: false,
          onCreate: instruction('ADD'),
          onDelete: instruction('REVOKE'),
          policy,
        });
        assignments.push(assignment);
      }
    }
    this.assignments = assignments;
    if (assignments.length > 0) {
      acknowledgeFindings(
        this,
        'AwsSolutions-IAM5',
        rules.iam.IAMNoWildcardPermissions,
        'Identity Center directory reads (sso:GetProfile, sso-directory:DescribeGroup, ...) accept no resource ARN; grafana:UpdatePermissions is limited to this workspace.',
      );
    }
  }
}
