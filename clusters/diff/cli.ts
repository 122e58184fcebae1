/**
 * Shows what the working tree's fleet and code change in the rendered output: renders in
 * memory and compares, object by object, with dist/ as committed at the base.
 *
 *   npm run diff                               against the merge base with main
 *   npm run diff -- --base origin/main         against another commit, branch or tag
 *   npm run diff -- --format markdown          Markdown for a pull-request comment
 *   npm run diff -- --fleet other.yaml --output diff.md
 *   npm run diff -- --base <commit> --head <commit>   committed dist/ against committed dist/,
 *                                                     rendering nothing (how review compares a
 *                                                     pull request without running its code)
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommandLine, UsageError } from '../command-line';
import { WORKLOADS } from '../../workloads/registry';
import { loadFleet } from '../fleet/load-fleet';
import { renderFleet } from '../render/render-fleet';
import { formatMarkdown, formatText } from './format-diff';
import { filesAtCommit, resolveBase, shortCommit } from './git-dist';
import { diffRenders } from './render-diff';
import { runCommand } from '../run-command';

const REPOSITORY_ROOT = resolve(__dirname, '..', '..');

const USAGE = `Usage: npm run diff -- [--base <ref>] [--format text|markdown] [--fleet <file>] [--repository <folder>] [--output <file>]

Renders the working tree's fleet in memory and lists, per cluster and folder, what changes against
dist/ as committed at the base.
  --base <ref>           commit, branch or tag (default: the merge base with main)
  --format <format>      text (default) or markdown, as the pull-request comment shows
  --fleet <file>         fleet file (default: clusters/fleet.yaml)
  --repository <folder>  git repository (default: this one)
  --output <file>        write there instead of stdout
  --help                 print this usage`;

function main(): number {
  const commandLine = parseCommandLine({
    usage: USAGE,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      format: { type: 'string', default: 'text' },
      fleet: { type: 'string', default: resolve(REPOSITORY_ROOT, 'clusters', 'fleet.yaml') },
      repository: { type: 'string', default: REPOSITORY_ROOT },
      output: { type: 'string' },
    },
  });
  if (!commandLine) return 0;
  const { values } = commandLine;
  if (values.format !== 'text' && values.format !== 'markdown') throw new UsageError(`--format must be text or markdown, not "${values.format}"`, USAGE);
  const repository = resolve(values.repository ?? REPOSITORY_ROOT);
  const base = resolveBase(repository, values.base);
  const baseFiles = filesAtCommit(repository, base.commit);
  // With --head, both sides are committed dist/ trees read as data: nothing of that commit runs.
  const head = values.head === undefined ? undefined : resolveBase(repository, values.head);
  const diff = head
    ? diffRenders(baseFiles, filesAtCommit(repository, head.commit))
    : diffRenders(baseFiles, renderFleet(loadFleet(resolve(values.fleet ?? ''), { knownAppCharts: Object.keys(WORKLOADS) })));
  const against = `dist/ at ${shortCommit(repository, base.commit)} (${base.description})`;
  const heading = { base: head ? `${against}, showing dist/ as committed at ${shortCommit(repository, head.commit)} (${head.description})` : against };
  const text = values.format === 'markdown' ? formatMarkdown(diff, heading) : formatText(diff, heading);
  if (values.output) writeFileSync(values.output, text);
  else process.stdout.write(text);
  return 0;
}

runCommand(main);
