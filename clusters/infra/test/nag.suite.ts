import { App, aws_s3 as s3, Stack } from 'aws-cdk-lib';
import { OPTIONS, sharedOptionsApp, sharedTestFleetApp, synthWithValidation, withNag } from './synth-fleet';

/**
 * cdk-nag's AwsSolutions pack runs over every stack of the app (pipeline, monitoring, clusters,
 * nested stacks). Synthesis fails on any finding that has no written reason in
 * lib/nag-acknowledgements.ts or next to the construct it concerns.
 */
describe('cdk-nag AwsSolutions', () => {
  it('reports nothing unacknowledged for the whole app', async () => {
    const synthesized = await sharedTestFleetApp();
    expect(synthesized.violations).toEqual([]);
    // The pack did look at the cluster stacks: their acknowledgments are recorded there.
    expect(JSON.stringify(synthesized.clusters.get('prod1')?.stack.node.findAll().flatMap((node) => node.node.metadata.map((entry) => entry.type)))).toContain('aws:cdk:acknowledged-rules');
  }, 120_000);

  it('reports nothing unacknowledged when apps are exposed through load balancers', async () => {
    const synthesized = await sharedOptionsApp();
    const { team, app } = OPTIONS.exposedApp;
    expect(synthesized.fleet.teams[team].apps[app].exposure).toBe('internal');
    expect(synthesized.violations).toEqual([]);
  }, 120_000);

  it('does fail synthesis on an unacknowledged finding (the check is live)', () => {
    const app = new App();
    new s3.Bucket(new Stack(app, 'Plain'), 'Bucket');
    withNag(app);
    expect(synthWithValidation(app)).toContain('AwsSolutions-S1 at Plain/Bucket/Resource');
  });
});
