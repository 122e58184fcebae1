import { StackBuilder } from '@aws-quickstart/eks-blueprints';
import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Fleet } from '../../fleet/fleet-schema';
import { MonitoringStack } from './monitoring-stack';
import { TokenRotatorRoleStack } from './token-rotator-role-stack';

/** Lets the pipeline build the monitoring account's stack in its stage. */
export class MonitoringStackBuilder implements StackBuilder {
  /** Stacks built so far. */
  public readonly built: MonitoringStack[] = [];
  /** The token rotator's role stacks built so far (manager cluster's account, same stage). */
  public readonly rotatorRoles: TokenRotatorRoleStack[] = [];

  public constructor(private readonly fleet: Fleet) {}

  public build(scope: Construct, id: string, stackProps?: StackProps): Stack {
    const rotatorRole = new TokenRotatorRoleStack(scope, 'grafana-token-rotator-role', {
      fleet: this.fleet,
      stackName: 'grafana-token-rotator-role',
      description: 'Role of the grafana-operator token rotator of the multi-account observability fleet',
    });
    this.rotatorRoles.push(rotatorRole);
    const stack = new MonitoringStack(scope, id, {
      ...stackProps,
      fleet: this.fleet,
      stackName: 'monitoring',
      description: 'Amazon Managed Grafana workspace of the multi-account observability fleet',
    });
    stack.addDependency(rotatorRole, 'the token role trusts the rotator role, which must exist first');
    this.built.push(stack);
    return stack;
  }
}
