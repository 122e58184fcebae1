/**
 * Regenerates, from upstream CustomResourceDefinition files, what the project keeps of them in
 * `charts/imports/`: the typed bindings the charts use, and under `schemas/` one validation
 * schema per kind, reduced to structure (see `structuralSchema`) so that `npm run validate` and
 * the tests work with nothing beside the repository.
 *
 *   npm run import:crds -- <CRD folder> [<CRD folder>...]
 *
 * A kind found in several folders is taken from the first folder that has it (for example the
 * CRDs the pinned Argo CD chart ships, then a folder of the other projects' CRDs). Helm template
 * lines (`{{ ... }}` on a line of their own, as charts wrap their CRDs) are skipped. Only the API
 * version each chart renders is kept, which keeps the generated code small enough to type-check
 * quickly (the OpenTelemetry CRD carries two large versions). The CRD files themselves are never
 * copied into the repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { parseCommandLine, UsageError } from './command-line';
import { CRD_SCHEMA_FOLDER, crdSchemaFileName, CrdDocument, structuralSchema } from './validate/crd-schemas';
import { runCommand } from './run-command';

const USAGE = `Usage: npm run import:crds -- <CRD folder> [<CRD folder>...]

Regenerates charts/imports/ (typed bindings and structure-only validation schemas) from the
CustomResourceDefinition files in the folders; a kind is taken from the first folder that has it.
  --help   print this usage`;

interface Binding {
  /** Module name under charts/imports/. */
  readonly module: string;
  readonly group: string;
  readonly kind: string;
  /** The served version the charts render. */
  readonly version: string;
}

const BINDINGS: readonly Binding[] = [
  { module: 'argocd-application', group: 'argoproj.io', kind: 'Application', version: 'v1alpha1' },
  { module: 'argocd-appproject', group: 'argoproj.io', kind: 'AppProject', version: 'v1alpha1' },
  { module: 'opentelemetry-collector', group: 'opentelemetry.io', kind: 'OpenTelemetryCollector', version: 'v1beta1' },
  { module: 'grafana', group: 'grafana.integreatly.org', kind: 'Grafana', version: 'v1beta1' },
  { module: 'grafana-dashboard', group: 'grafana.integreatly.org', kind: 'GrafanaDashboard', version: 'v1beta1' },
  { module: 'grafana-datasource', group: 'grafana.integreatly.org', kind: 'GrafanaDatasource', version: 'v1beta1' },
  { module: 'grafana-folder', group: 'grafana.integreatly.org', kind: 'GrafanaFolder', version: 'v1beta1' },
];

/** Every CRD in a folder's YAML files, by `group kind`, with the file it came from. */
function crdsIn(folder: string): Map<string, { crd: CrdDocument; file: string }> {
  const found = new Map<string, { crd: CrdDocument; file: string }>();
  for (const name of readdirSync(folder).filter((file) => /\.ya?ml$/.test(file)).sort()) {
    const file = join(folder, name);
    const text = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*\{\{.*\}\}\s*$/.test(line))
      .join('\n');
    for (const document of parseAllDocuments(text)) {
      const crd = document.toJS() as CrdDocument;
      if (crd?.kind === 'CustomResourceDefinition' && crd.spec) found.set(`${crd.spec.group} ${crd.spec.names.kind}`, { crd, file });
    }
  }
  return found;
}

/** The command with its arguments (after `npm run import:crds --`); returns the exit code. */
export function main(args: readonly string[] = process.argv.slice(2)): number {
  const commandLine = parseCommandLine({ usage: USAGE, options: {}, positionals: { min: 1, max: 16, name: 'CRD folder' } }, args);
  if (!commandLine) return 0;
  const folders = commandLine.positionals.map((folder) => resolve(folder));
  const available = folders.map((folder) => {
    try {
      return crdsIn(folder);
    } catch (error) {
      throw new UsageError(`cannot read CRD folder ${folder}: ${error instanceof Error ? error.message : String(error)}`, USAGE);
    }
  });
  const missing = BINDINGS.filter((binding) => !available.some((crds) => crds.has(`${binding.group} ${binding.kind}`)));
  if (missing.length > 0) {
    throw new Error(`No CRD for ${missing.map((binding) => `${binding.group} ${binding.kind}`).join(', ')} in ${folders.join(', ')}; pass the folder(s) holding them.`);
  }
  const output = join(__dirname, '..', 'charts', 'imports');
  rmSync(CRD_SCHEMA_FOLDER, { recursive: true, force: true });
  mkdirSync(CRD_SCHEMA_FOLDER, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'crds-'));
  try {
    for (const binding of BINDINGS) {
      const { crd, file } = available.map((crds) => crds.get(`${binding.group} ${binding.kind}`)).find((entry) => entry !== undefined)!;
      const version = crd.spec!.versions.find((candidate) => candidate.name === binding.version);
      if (!version?.schema?.openAPIV3Schema) {
        throw new Error(`${file} has no schema for version ${binding.version}; update BINDINGS in clusters/import-crds.ts`);
      }
      writeFileSync(join(CRD_SCHEMA_FOLDER, crdSchemaFileName(`${binding.group}/${binding.version}`, binding.kind)), `${JSON.stringify(structuralSchema(version.schema.openAPIV3Schema))}\n`);
      const trimmed = join(scratch, `${binding.module}.yaml`);
      writeFileSync(trimmed, stringify({ ...crd, spec: { ...crd.spec, versions: [version] } }));
      execFileSync(
        'npx',
        ['cdk8s', 'import', '--no-check-upgrade', '--no-save', '--language', 'typescript', '--output', output, `${binding.module}:=${trimmed}`],
        { stdio: 'inherit' },
      );
      console.log(`${binding.group}/${binding.version} ${binding.kind}: from ${file}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return 0;
}

if (require.main === module) runCommand(() => main());
