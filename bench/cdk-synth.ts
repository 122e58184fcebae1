/**
 * `npm run bench -- --cdk-synth [--rounds 5] [--baseline <cloud assembly>]`: how long the AWS
 * layer's synthesis takes as `npm run cdk:synth` runs it, against the CDK CLI running the app
 * through cdk.json, interleaved (interleaved.ts), and whether they wrote the same cloud assembly:
 * every file but the creation stack traces (*.metadata.json, which name the files the app ran
 * from) compared byte for byte, with the CLI's and with `--baseline` when given (an assembly
 * written before a change, to prove the change kept every template).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Command, interleavedTable } from './interleaved';

const REPOSITORY_ROOT = resolve(__dirname, '..');
const APP_DIR = join(REPOSITORY_ROOT, 'clusters', 'infra');

/** Files of a cloud assembly, relative to it, without the stack traces of *.metadata.json. */
function assemblyContents(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && !entry.name.endsWith('.metadata.json')) files.set(relative(folder, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name)));
  }
  return files;
}

/** Whether two assemblies match, and a line saying so (how many files) or naming every file that differs, is missing or is extra. */
export function compareAssemblies(actualFolder: string, expectedFolder: string, label: string): { identical: boolean; report: string } {
  const actual = assemblyContents(actualFolder);
  const expected = assemblyContents(expectedFolder);
  const differences = [...new Set([...actual.keys(), ...expected.keys()])]
    .sort()
    .flatMap((path) => {
      const [mine, theirs] = [actual.get(path), expected.get(path)];
      if (!theirs) return [`  extra    ${path}`];
      if (!mine) return [`  missing  ${path}`];
      return mine.equals(theirs) ? [] : [`  differs  ${path}`];
    });
  const templates = [...actual.keys()].filter((path) => path.endsWith('.template.json')).length;
  const report =
    differences.length === 0
      ? `npm run cdk:synth wrote the same cloud assembly as ${label}: ${actual.size} files byte-identical (${templates} templates; stack traces left out).`
      : `npm run cdk:synth differs from ${label} in ${differences.length} file(s):\n${differences.join('\n')}`;
  return { identical: differences.length === 0 && actual.size > 0, report };
}

/** The timing table and the comparisons; `identical` is false when any comparison found a difference. */
export function cdkSynthBench(rounds: number, baseline?: string): { identical: boolean; report: string } {
  const workspace = mkdtempSync(join(tmpdir(), 'bench-cdk-synth-'));
  // Each command writes into one folder every round, as repeated runs write into
  // clusters/infra/cdk.out: assets already there (kubectl layers, tens of MB) are not copied again.
  const [cli, npm] = [join(workspace, 'cli'), join(workspace, 'npm')];
  const commands: Command[] = [
    { name: 'cdk CLI: npx cdk synth --quiet (cdk.json)', command: 'npx', args: () => ['--no-install', 'cdk', 'synth', '--quiet', '--output', cli], cwd: APP_DIR },
    { name: 'npm run cdk:synth', command: 'npm', args: () => ['run', '--silent', 'cdk:synth', '--', '--output', npm] },
  ];
  try {
    const table = interleavedTable("Synthesis of the AWS layer's example fleet", commands, rounds, REPOSITORY_ROOT);
    const comparisons = [compareAssemblies(npm, cli, 'the CDK CLI')];
    if (baseline) comparisons.push(compareAssemblies(npm, resolve(baseline), baseline));
    return { identical: comparisons.every((comparison) => comparison.identical), report: [table, '', ...comparisons.map((comparison) => comparison.report)].join('\n') };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
