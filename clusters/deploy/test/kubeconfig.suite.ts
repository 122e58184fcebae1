import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { parse } from 'yaml';
import { writeKubeconfig } from '../kubeconfig';
import { FleetInput } from '../../fleet/fleet-schema';
import { deployFleet, IDS } from './fake-aws';

const eks = mockClient(EKSClient);
let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
  eks.on(DescribeClusterCommand).callsFake(async (input, getClient) => ({
    cluster: {
      name: input.name,
      arn: `arn:aws:eks:eu-central-1:${IDS.prod2}:cluster/${input.name}`,
      endpoint: `https://${String(getClient().config.profile)}.eks.example`,
      certificateAuthority: { data: 'Q0EtREFUQQ==' },
      status: 'ACTIVE',
    },
  }));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
  eks.reset();
});
afterAll(() => eks.restore());

describe('make kubeconfig CLUSTER=<name>', () => {
  it('adds a context that gets its token as the platform principal of the cluster\'s account, keeping other entries', async () => {
    const file = join(folder, 'config');
    writeFileSync(file, 'apiVersion: v1\nkind: Config\nclusters: [{name: other, cluster: {server: https://other}}]\nusers: [{name: other, user: {}}]\ncontexts: [{name: other, context: {cluster: other, user: other}}]\ncurrent-context: other\n');
    await writeKubeconfig(deployFleet(), 'prod2', file);
    const config = parse(readFileSync(file, 'utf8'));
    const arn = `arn:aws:eks:eu-central-1:${IDS.prod2}:cluster/prod2`;
    expect(config['current-context']).toBe(arn);
    expect(config.contexts.map((context: { name: string }) => context.name)).toEqual(['other', arn]);
    expect(config.clusters[1].cluster).toEqual({ server: 'https://prod2.eks.example', 'certificate-authority-data': 'Q0EtREFUQQ==' });
    expect(config.users[1].user.exec).toMatchObject({
      command: 'aws',
      args: ['--region', 'eu-central-1', 'eks', 'get-token', '--cluster-name', 'prod2', '--output', 'json', '--role-arn', `arn:aws:iam::${IDS.prod2}:role/PlatformAdmins`],
      env: [{ name: 'AWS_PROFILE', value: 'prod2' }],
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('writes the same entry once when run twice', async () => {
    const file = join(folder, 'config');
    await writeKubeconfig(deployFleet(), 'prod1', file);
    await writeKubeconfig(deployFleet(), 'prod1', file);
    expect(parse(readFileSync(file, 'utf8')).contexts).toHaveLength(1);
  });

  it('says what to add when the cluster\'s account has no platform principal, and names known clusters for a typo', async () => {
    const withoutPlatformPrincipal = (input: FleetInput) => {
      input.platformTeam = { principals: [`arn:aws:iam::${IDS.prod1}:role/PlatformAdmins`] };
    };
    // With no human principal at all in prod2's account, the fleet rules already refuse the fleet.
    expect(() => deployFleet(withoutPlatformPrincipal)).toThrow(/gives cluster \\"prod2\\" no human access: no principal of platformTeam or of any team is in account 410987654321/);
    // A team principal there satisfies the fleet rule, but kubeconfig connects through a platform role.
    const fleet = deployFleet((input) => {
      withoutPlatformPrincipal(input);
      input.teams['team-a'].principals = [`arn:aws:iam::${IDS.prod2}:role/TeamADevelopers`];
    });
    await expect(writeKubeconfig(fleet, 'prod2', join(folder, 'config'))).rejects.toThrow(/No platformTeam.principals role is in account 410987654321 \(prod2\).*add one to clusters\/fleet.yaml/);
    await expect(writeKubeconfig(fleet, 'prod3', join(folder, 'config'))).rejects.toThrow('choose one of: prod1, prod2');
  });
});
