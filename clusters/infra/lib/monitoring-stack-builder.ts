import { StackBuilder } from '@aws-quickstart/eks-blueprints';
import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Fleet } from '../../fleet/fleet-schema';
import { MonitoringStack } from './monitoring-stack';

/** Lets the pipeline build the monitoring account's stack in its stage. */
export class MonitoringStackBuilder implements StackBuilder {
  /** Stacks built so far. */
  public readonly built: MonitoringStack[] = [];

  public constructor(private readonly fleet: Fleet) {}

  public build(scope: Construct, id: string, stackProps?: StackProps): Stack {
    const stack = new MonitoringStack(scope, id, {
      ...stackProps,
      fleet: this.fleet,
      stackName: 'monitoring',
      description: 'Amazon Managed Grafana workspace of the multi-account observability fleet',
    });
    this.built.push(stack);
    return stack;
  }
}
