import { aws_iam as iam, custom_resources as cr } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface SharedParameterReaderProps {
  /** Full ARN of the SSM parameter (shared with this account through AWS RAM, or in it), in any region. */
  readonly parameterArn: string;
}

/**
 * Reads an SSM parameter another account shares through AWS RAM, at deploy time. The custom
 * resource may call `ssm:GetParameter` on that one ARN and nothing else.
 */
export class SharedParameterReader extends Construct {
  /** The parameter's value (a deploy-time token). */
  public readonly value: string;

  public constructor(scope: Construct, id: string, props: SharedParameterReaderProps) {
    super(scope, id);
    // SSM parameters are regional: call the region the parameter lives in, not the stack's.
    const region = props.parameterArn.split(':')[3];
    const call: cr.AwsSdkCall = {
      service: 'SSM',
      action: 'getParameter',
      region,
      parameters: { Name: props.parameterArn },
      physicalResourceId: cr.PhysicalResourceId.of(props.parameterArn),
    };
    const reader = new cr.AwsCustomResource(this, 'Read', {
      onCreate: call,
      onUpdate: call,
      installLatestAwsSdk: false,
      policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [props.parameterArn] })]),
    });
    this.value = reader.getResponseField('Parameter.Value');
  }
}
