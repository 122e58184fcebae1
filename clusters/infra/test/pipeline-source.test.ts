import { fleetWith } from '../../test/support/fleet-fixtures';
import { synthFleet } from './synth-fleet';
import { resourcesOf } from './template-helpers';

interface SourceAction {
  ActionTypeId: { Provider: string };
  Configuration: Record<string, unknown>;
}

describe('the pipeline source', () => {
  it('reads GitHub through the fleet\'s connection when pipeline.connectionArn is set, with no token secret', async () => {
    const connectionArn = 'arn:aws:codeconnections:us-west-2:123412341234:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
    const fleet = fleetWith((input) => {
      input.pipeline.connectionArn = connectionArn;
    });
    const synthesized = await synthFleet({ fleet });
    const template = synthesized.template(synthesized.pipeline.stack);
    const [pipeline] = Object.values(resourcesOf(template, 'AWS::CodePipeline::Pipeline'));
    const stages = (pipeline.Properties as { Stages: { Name: string; Actions: SourceAction[] }[] }).Stages;
    const source = stages[0].Actions;
    expect(source.map((action) => action.ActionTypeId.Provider)).toEqual(['CodeStarSourceConnection']);
    expect(source[0].Configuration).toMatchObject({ ConnectionArn: connectionArn, BranchName: fleet.repository.revision });
    expect(JSON.stringify(template.toJSON())).not.toContain(fleet.pipeline.tokenSecretName);
  }, 180_000);
});
