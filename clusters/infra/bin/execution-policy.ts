/**
 * Prints the CloudFormation execution policy for the stacks of a synthesized cloud assembly.
 *
 *   npm run execution-policy -- --for targets     stacks the pipeline deploys (monitoring, clusters)
 *   npm run execution-policy -- --for pipeline    the pipeline's own stack
 *   npm run execution-policy -- --for targets --cdk-out clusters/infra/cdk.out
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCommand } from '../../run-command';
import { readTemplates } from '../../validate/cloudformation/cloudformation-templates';
import { executionPolicy, templatesFor } from '../lib/execution-policy';

const USAGE = 'Usage: npm run execution-policy -- --for targets|pipeline [--cdk-out clusters/infra/cdk.out]   (run npm run cdk:synth first)';

function main(): number {
  const { values } = parseArgs({
    options: {
      for: { type: 'string' },
      'cdk-out': { type: 'string', default: resolve(__dirname, '..', 'cdk.out') },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.for !== 'targets' && values.for !== 'pipeline') {
    console.error(USAGE);
    return 2;
  }
  const templates = templatesFor(readTemplates(values['cdk-out'] ?? ''), values.for);
  if (templates.length === 0) {
    console.error(`No ${values.for} templates under ${values['cdk-out'] ?? ''}; run npm run cdk:synth first.`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(executionPolicy(templates), null, 2)}\n`);
  return 0;
}

runCommand(main);
