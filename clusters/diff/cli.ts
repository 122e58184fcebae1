/**
 * Shows what the working tree's fleet and code change: the rendered Kubernetes objects (rendered
 * in memory, compared object by object with dist/ as committed at the base) and the AWS layer
 * (the CDK app synthesized offline for the working tree and for a clean checkout of the base,
 * compared stack by stack). With --head, both sides are committed dist/ trees read as data and
 * nothing of the head commit runs (how review compares a pull request without running its code).
 * See USAGE below, or `npm run diff -- --help`.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCommandLine, UsageError } from '../command-line';
import { WORKLOADS } from '../../workloads/registry';
import { loadFleet } from '../fleet/load-fleet';
import { renderFleet } from '../render/render-fleet';
import { runCommand } from '../run-command';
import { compareAwsLayer } from './aws-layer-diff';
import { AwsLayerDiff, formatMarkdown, formatText } from './format-diff';
import { filesAtCommit, resolveBase, shortCommit } from './git-dist';
import { diffRenders } from './render-diff';

const REPOSITORY_ROOT = resolve(__dirname, '..', '..');

export const USAGE = `Usage: npm run diff -- [options]

Compares the working tree with a base commit: the rendered Kubernetes objects (against dist/ at
the base) and the AWS layer's CloudFormation templates (both sides synthesized offline, the base
from a clean temporary checkout with its own code). Changes identical on several clusters are
shown once with the cluster list; RBAC, NetworkPolicy, AppProject and admission changes, and
AWS IAM, security group and replacing changes, are listed first.

Options:
  --base <ref>              commit, branch or tag to compare with (default: merge base with main)
  --head <ref>              compare dist/ as committed there instead of rendering the working tree
                            (runs none of that commit's code; the AWS layer is then compared only
                            from --base-assembly and --head-assembly, or skipped)
  --format text|markdown    output format (default: text); markdown is the pull-request comment
  --output <file>           write the diff there instead of stdout
  --full-output <file>      also write the untruncated diff there (for a job summary or artifact)
  --max-length <n>          longest Markdown produced, whole entries left out past it (default: 60000)
  --full-diff <text>        where the untruncated diff is, named when entries are left out
  --fleet <file>            fleet file of the working tree (default: clusters/fleet.yaml)
  --repository <folder>     repository to compare (default: this one)
  --skip-aws                compare the rendered objects only
  --base-assembly <folder>  use this cloud assembly as the base's AWS layer instead of synthesizing
  --head-assembly <folder>  use this cloud assembly as the working tree's AWS layer
  --help                    show this text`;

/** The command with its arguments (after `npm run diff --`); writes the diff, returns the exit code. */
export function runDiff(args: readonly string[]): number {
  const commandLine = parseCommandLine({
    usage: USAGE,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      format: { type: 'string', default: 'text' },
      fleet: { type: 'string' },
      repository: { type: 'string', default: REPOSITORY_ROOT },
      output: { type: 'string' },
      'full-output': { type: 'string' },
      'max-length': { type: 'string', default: '60000' },
      'full-diff': { type: 'string' },
      'skip-aws': { type: 'boolean', default: false },
      'base-assembly': { type: 'string' },
      'head-assembly': { type: 'string' },
    },
  }, args);
  if (!commandLine) return 0;
  const { values } = commandLine;
  if (values.format !== 'text' && values.format !== 'markdown') throw new UsageError(`--format must be text or markdown, not "${values.format}"`, USAGE);
  const maxLength = Number(values['max-length']);
  if (!Number.isInteger(maxLength) || maxLength < 1000) throw new UsageError(`--max-length must be a whole number of characters, at least 1000, not "${values['max-length']}"`, USAGE);
  const repository = resolve(values.repository ?? REPOSITORY_ROOT);
  const base = resolveBase(repository, values.base);
  const baseFiles = filesAtCommit(repository, base.commit);
  const short = shortCommit(repository, base.commit);
  const head = values.head === undefined ? undefined : resolveBase(repository, values.head);
  const diff = head
    ? diffRenders(baseFiles, filesAtCommit(repository, head.commit))
    : diffRenders(baseFiles, renderFleet(loadFleet(resolve(values.fleet ?? join(repository, 'clusters', 'fleet.yaml')), { knownAppCharts: Object.keys(WORKLOADS) })));
  const assemblies = { baseAssembly: values['base-assembly'], headAssembly: values['head-assembly'] };
  const aws: AwsLayerDiff = values['skip-aws']
    ? { skipped: '--skip-aws' }
    : head && !(assemblies.baseAssembly && assemblies.headAssembly)
      ? { skipped: '--head compares committed dist/ only; pass --base-assembly and --head-assembly to compare the AWS layer' }
      : compareAwsLayer(repository, base.commit, short, assemblies);
  const against = `dist/ at ${short} (${base.description})`;
  const heading = { base: head ? `${against}, showing dist/ as committed at ${shortCommit(repository, head.commit)} (${head.description})` : against };
  const markdown = values.format === 'markdown';
  const text = markdown ? formatMarkdown(diff, heading, aws, { maxLength, fullDiff: values['full-diff'] }) : formatText(diff, heading, aws);
  if (values['full-output']) writeFileSync(values['full-output'], markdown ? formatMarkdown(diff, heading, aws, { maxLength: Number.MAX_SAFE_INTEGER }) : text);
  if (values.output) writeFileSync(values.output, text);
  else process.stdout.write(text);
  return 0;
}

if (require.main === module) runCommand(() => runDiff(process.argv.slice(2)));
