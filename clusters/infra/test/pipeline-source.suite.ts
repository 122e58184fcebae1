import { testFleet } from '../../test/support/test-fleet';
import { OPTIONS, sharedOptionsApp } from './synth-fleet';
import { resourcesOf } from './template-helpers';

interface SourceAction {
  ActionTypeId: { Provider: string };
  Configuration: Record<string, unknown>;
}

describe('the pipeline source', () => {
  it('reads GitHub through the fleet\'s connection when pipeline.connectionArn is set, with no token secret', async () => {
    const { connectionArn } = OPTIONS;
    const synthesized = await sharedOptionsApp();
    const { fleet } = synthesized;
    expect(testFleet().pipeline.connectionArn).not.toBe(connectionArn);
    const template = synthesized.template(synthesized.pipeline.stack);
    const [pipeline] = Object.values(resourcesOf(template, 'AWS::CodePipeline::Pipeline'));
    const stages = (pipeline.Properties as { Stages: { Name: string; Actions: SourceAction[] }[] }).Stages;
    const source = stages[0].Actions;
    expect(source.map((action) => action.ActionTypeId.Provider)).toEqual(['CodeStarSourceConnection']);
    expect(source[0].Configuration).toMatchObject({ ConnectionArn: connectionArn, BranchName: fleet.repository.revision });
    expect(JSON.stringify(template.toJSON())).not.toContain('OAuthToken');
  }, 180_000);
});
