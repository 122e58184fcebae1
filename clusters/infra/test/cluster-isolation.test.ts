import { Match, Template } from 'aws-cdk-lib/assertions';
import { NODE_METADATA_HOP_LIMIT } from '../lib/fleet-cluster-provider';
import { VPC_CNI_VERSIONS } from '../lib/versions';
import { clusterParts, SynthesizedFleet, synthFleet } from './synth-fleet';
import { resourcesOf } from './template-helpers';

// What keeps pods apart at runtime on the example fleet's clusters: the CNI that enforces the
// rendered NetworkPolicies, and nodes whose instance metadata their pods cannot reach.
let synthesized: SynthesizedFleet;
const templates = new Map<string, Template>();

beforeAll(async () => {
  synthesized = await synthFleet();
  for (const name of Object.keys(synthesized.fleet.clusters)) {
    templates.set(name, synthesized.template(clusterParts(synthesized, name).stack));
  }
}, 120_000);

function eachCluster(check: (template: Template, name: string) => void): void {
  expect(templates.size).toBeGreaterThan(0);
  for (const [name, template] of templates) check(template, name);
}

describe('NetworkPolicies are enforced', () => {
  it('every cluster runs the managed VPC CNI, pinned for its Kubernetes version, with its network policy agent on', () => {
    eachCluster((template, name) => {
      const addOns = Object.values(resourcesOf(template, 'AWS::EKS::Addon')).filter((addOn) => addOn.Properties?.AddonName === 'vpc-cni');
      expect(addOns).toHaveLength(1);
      const properties = addOns[0].Properties ?? {};
      expect(properties.AddonVersion).toBe(VPC_CNI_VERSIONS[synthesized.fleet.clusters[name].kubernetesVersion]);
      const configuration = JSON.parse(String(properties.ConfigurationValues)) as { enableNetworkPolicy?: string };
      expect(configuration.enableNetworkPolicy).toBe('true');
    });
  });
});

describe('pods cannot reach instance metadata', () => {
  it('every managed node group launches from a template requiring IMDSv2 with a hop limit of 1', () => {
    expect(NODE_METADATA_HOP_LIMIT).toBe(1);
    eachCluster((template) => {
      const nodeGroups = Object.values(resourcesOf(template, 'AWS::EKS::Nodegroup'));
      expect(nodeGroups.length).toBeGreaterThan(0);
      for (const nodeGroup of nodeGroups) {
        const launchTemplateId = (nodeGroup.Properties?.LaunchTemplate as { Id?: { Ref?: string } } | undefined)?.Id?.Ref;
        expect(launchTemplateId).toBeDefined();
        const launchTemplate = resourcesOf(template, 'AWS::EC2::LaunchTemplate')[launchTemplateId ?? ''];
        expect(launchTemplate?.Properties?.LaunchTemplateData).toMatchObject({
          MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        });
      }
      template.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: { MetadataOptions: Match.objectLike({ HttpPutResponseHopLimit: 1 }) } });
    });
  });
});
