/**
 * `npm run cdk:synth`: synthesizes the app into cdk.out as `cdk synth --quiet` does, without the
 * CDK CLI's own start-up (a second per run). It hands the app what the CLI would: the context of
 * cdk.json and cdk.context.json plus the CLI's default settings (path and asset metadata,
 * version reporting, bundling of every stack), the output folder, and the default region the CLI
 * falls back to without AWS configuration; it reads no credentials. Like the CLI it prints every
 * error and warning the app annotated and exits 1 on an error. The templates are byte-identical
 * to the CLI's (a test synthesizes both ways and compares them). `cdk deploy`, `cdk diff` and
 * `make destroy` still go through the CLI.
 *
 *   node clusters/bundle/run-bundled.js --packages external clusters/infra/bin/synth.ts [--output dir]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CloudArtifact, CloudAssembly, NestedCloudAssemblyArtifact } from 'aws-cdk-lib/cx-api';
import { parseCommandLine, UsageError } from '../../command-line';

const APP_DIR = join(__dirname, '..');

const USAGE = [
  'Usage: npm run cdk:synth [-- --output <dir>] [--context <key>=<value> ...]',
  'Synthesizes every stack of the AWS layer into clusters/infra/cdk.out (or <dir>), offline, as `cdk synth --quiet` does.',
  'Context as with the CDK CLI: fleet=<fleet file> and distRoot=<rendered folder> synthesize another fleet.',
].join('\n');

/** What the CDK CLI adds to the context when its settings are left at their defaults. */
const CLI_DEFAULT_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': true,
  'aws:cdk:bundling-stacks': ['**'],
  '@aws-cdk/core:failSynthOnValidationErrors': false,
};

function readJson(file: string): Record<string, unknown> {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
}

/** Artifacts of the assembly and of the stages' nested assemblies, as the CLI checks them. */
function everyArtifact(assembly: CloudAssembly): CloudArtifact[] {
  return assembly.artifacts.flatMap((artifact) => (artifact instanceof NestedCloudAssemblyArtifact ? [artifact, ...everyArtifact(artifact.nestedAssembly)] : [artifact]));
}

async function main(): Promise<number> {
  const commandLine = parseCommandLine({ usage: USAGE, options: { output: { type: 'string', default: 'cdk.out' }, context: { type: 'string', multiple: true, default: [] } } });
  if (!commandLine) return 0;
  const { values } = commandLine;
  const given: Record<string, string> = {};
  for (const pair of values.context) {
    const separator = pair.indexOf('=');
    if (separator <= 0) throw new UsageError(`--context "${pair}" is not <key>=<value>`, USAGE);
    given[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  const settings = readJson(join(APP_DIR, 'cdk.json'));
  process.env.CDK_OUTDIR = resolve(APP_DIR, values.output ?? String(settings.output ?? 'cdk.out'));
  process.env.CDK_CONTEXT_JSON = JSON.stringify({ ...(settings.context as object), ...readJson(join(APP_DIR, 'cdk.context.json')), ...CLI_DEFAULT_CONTEXT, ...given });
  process.env.CDK_DEFAULT_REGION ??= process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  // Loaded after the environment is set: the app reads it when it is constructed.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthesized } = require('./app') as typeof import('./app');
  const assembly = await synthesized;
  if (!assembly) return 1;
  let errors = 0;
  for (const artifact of everyArtifact(assembly)) {
    for (const message of artifact.messages) {
      if (message.level === 'error') errors++;
      if (message.level === 'error' || message.level === 'warning') console.error(`[${message.level === 'error' ? 'Error' : 'Warning'} at ${message.id}] ${String(message.entry.data)}`);
    }
  }
  if (errors > 0) {
    console.error(`Found ${errors} error(s) in the app; nothing to deploy until they are fixed.`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${error.usage}`);
      process.exitCode = 2;
      return;
    }
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
