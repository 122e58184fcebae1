import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeOrganizationCommand, ListAWSServiceAccessForOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { Fleet, fleetSchema, FleetInput } from '../../fleet/fleet-schema';
import { checkFleetRules } from '../../fleet/fleet-rules';

/** Account ids of the test fleet: real-looking, none of the example fleet's. */
export const IDS = { pipeline: '210987654321', prod1: '310987654321', prod2: '410987654321', monitoring: '510987654321' } as const;

/** A fleet as a fork would write it (no example value left), built in code. */
export function deployFleetInput(): FleetInput {
  return {
    repository: { url: 'https://github.com/acme-platform/observability.git', revision: 'main' },
    accounts: {
      pipeline: { id: IDS.pipeline, region: 'eu-west-1' },
      prod1: { id: IDS.prod1, region: 'eu-west-1' },
      prod2: { id: IDS.prod2, region: 'eu-central-1' },
      monitoring: { id: IDS.monitoring, region: 'eu-west-1' },
    },
    pipeline: { account: 'pipeline', tokenSecretName: 'github-token', manualApproval: true },
    amp: { account: 'prod1', alias: 'fleet-metrics' },
    grafana: { account: 'monitoring', version: '10.4', authentication: 'AWS_SSO', managerCluster: 'prod1' },
    clusters: {
      prod1: { account: 'prod1', metrics: { sink: 'amp' } },
      prod2: { account: 'prod2', metrics: { sink: 'cloudwatch' } },
    },
    platformTeam: { principals: [`arn:aws:iam::${IDS.prod1}:role/PlatformAdmins`, `arn:aws:iam::${IDS.prod2}:role/PlatformAdmins`] },
    teams: {
      'team-a': {
        namespace: 'team-a',
        apps: { ho11y: { clusters: ['prod1', 'prod2'], images: { ho11y: `public.ecr.aws/mhausenblas/ho11y@sha256:${'0123456789abcdef'.repeat(4)}` } } },
      },
    },
  };
}

export function deployFleet(change: (input: FleetInput) => void = () => undefined): Fleet {
  const input = deployFleetInput();
  change(input);
  const fleet = fleetSchema.parse(input);
  const problems = checkFleetRules(fleet);
  if (problems.length > 0) throw new Error(`invalid test fleet: ${JSON.stringify(problems)}`);
  return fleet;
}

export interface FakeAccount {
  /** Account the profile's credentials reach; undefined: they do not resolve. */
  callerAccount?: string;
  organizationId?: string;
  /** CDKToolkit stack per region. */
  bootstrap: Record<string, { status: string; version: number; trust: string[] } | undefined>;
  secrets: string[];
}

export interface FakeWorld {
  accounts: Record<string, FakeAccount>;
  /** Trusted services of the organization as its management account reports them; undefined: no management credentials. */
  managementServices?: string[];
}

/** Every fleet account reachable, in one organization with RAM and Identity Center on, nothing bootstrapped, the token stored. */
export function cleanWorld(): FakeWorld {
  const account = (id: string): FakeAccount => ({ callerAccount: id, organizationId: 'o-abc123', bootstrap: {}, secrets: [] });
  return {
    accounts: { pipeline: { ...account(IDS.pipeline), secrets: ['github-token'] }, prod1: account(IDS.prod1), prod2: account(IDS.prod2), monitoring: account(IDS.monitoring) },
    managementServices: ['ram.amazonaws.com', 'sso.amazonaws.com'],
  };
}

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export interface FakeAwsMocks {
  readonly sts: AwsClientStub<STSClient>;
  readonly organizations: AwsClientStub<OrganizationsClient>;
  readonly cloudFormation: AwsClientStub<CloudFormationClient>;
  readonly secrets: AwsClientStub<SecretsManagerClient>;
  restore(): void;
}

/** Answers the preflight's SDK calls from `world`, by the profile (account key) of the client. */
export function mockAws(world: FakeWorld): FakeAwsMocks {
  const profile = (client: { config: { profile?: string } }) => String(client.config.profile);
  const accountOf = (client: { config: { profile?: string } }) => {
    const account = world.accounts[profile(client)];
    if (!account?.callerAccount) throw named('CredentialsProviderError', `Could not resolve credentials using profile: [${profile(client)}] in configuration/credentials file(s).`);
    return account;
  };

  const sts = mockClient(STSClient);
  sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
    const account = accountOf(getClient());
    return { Account: account.callerAccount, Arn: `arn:aws:sts::${account.callerAccount}:assumed-role/Admin/me` };
  });

  const organizations = mockClient(OrganizationsClient);
  organizations.on(DescribeOrganizationCommand).callsFake(async (_input, getClient) => {
    const account = accountOf(getClient());
    if (!account.organizationId) throw named('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    return { Organization: { Id: account.organizationId } };
  });
  organizations.on(ListAWSServiceAccessForOrganizationCommand).callsFake(async (_input, getClient) => {
    if (profile(getClient()) !== 'management' || !world.managementServices) throw named('CredentialsProviderError', 'Could not resolve credentials using profile: [management]');
    return { EnabledServicePrincipals: world.managementServices.map((service) => ({ ServicePrincipal: service })) };
  });

  const cloudFormation = mockClient(CloudFormationClient);
  cloudFormation.on(DescribeStacksCommand).callsFake(async (_input, getClient) => {
    const client = getClient();
    const account = accountOf(client);
    const region = await client.config.region();
    const stack = account.bootstrap[region];
    if (!stack) throw named('ValidationError', 'Stack with id CDKToolkit does not exist');
    return {
      Stacks: [
        {
          StackName: 'CDKToolkit',
          StackStatus: stack.status,
          CreationTime: new Date(0),
          Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: String(stack.version) }],
          Parameters: [{ ParameterKey: 'TrustedAccounts', ParameterValue: stack.trust.join(',') }],
        },
      ],
    };
  });

  const secrets = mockClient(SecretsManagerClient);
  secrets.on(DescribeSecretCommand).callsFake(async (input, getClient) => {
    const account = accountOf(getClient());
    if (!account.secrets.includes(String(input.SecretId))) throw named('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return { Name: input.SecretId };
  });

  return {
    sts,
    organizations,
    cloudFormation,
    secrets,
    restore() {
      sts.restore();
      organizations.restore();
      cloudFormation.restore();
      secrets.restore();
    },
  };
}
