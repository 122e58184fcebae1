import { StackBuilder } from '@aws-quickstart/eks-blueprints';
import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Lets a pipeline stage build one of the fleet's plain stacks, and keeps what it built for tests. */
export class FleetStackBuilder<T extends Stack> implements StackBuilder {
  /** Stacks built so far (one per stage that used this builder). */
  public readonly built: T[] = [];

  public constructor(private readonly create: (scope: Construct, id: string, stackProps?: StackProps) => T) {}

  public build(scope: Construct, id: string, stackProps?: StackProps): Stack {
    const stack = this.create(scope, id, stackProps);
    this.built.push(stack);
    return stack;
  }
}
