/**
 * Regenerates the typed custom-resource bindings in `charts/imports/` from upstream CRD files.
 *
 *   npm run import:crds -- [schema folder]   (default: ../shared/crds)
 *
 * Only the API version each chart renders is kept, which keeps the generated code small enough
 * to type-check quickly (the OpenTelemetry CRD carries two large versions). The CRD files
 * themselves are never copied into the repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

interface Binding {
  /** Module name under charts/imports/. */
  readonly module: string;
  readonly file: string;
  /** The served version the charts render. */
  readonly version: string;
}

const BINDINGS: readonly Binding[] = [
  { module: 'argocd-application', file: 'argoproj.io_application.yaml', version: 'v1alpha1' },
  { module: 'argocd-appproject', file: 'argoproj.io_appproject.yaml', version: 'v1alpha1' },
  { module: 'opentelemetry-collector', file: 'opentelemetry.io_opentelemetrycollectors.yaml', version: 'v1beta1' },
  { module: 'grafana', file: 'grafana.integreatly.org_grafanas.yaml', version: 'v1beta1' },
  { module: 'grafana-dashboard', file: 'grafana.integreatly.org_grafanadashboards.yaml', version: 'v1beta1' },
  { module: 'grafana-datasource', file: 'grafana.integreatly.org_grafanadatasources.yaml', version: 'v1beta1' },
  { module: 'grafana-folder', file: 'grafana.integreatly.org_grafanafolders.yaml', version: 'v1beta1' },
];

interface CrdVersion {
  readonly name: string;
}

function main(): void {
  const schemaFolder = resolve(process.argv[2] ?? join(__dirname, '..', '..', 'shared', 'crds'));
  const output = join(__dirname, '..', 'charts', 'imports');
  const scratch = mkdtempSync(join(tmpdir(), 'crds-'));
  try {
    for (const binding of BINDINGS) {
      const crd = parse(readFileSync(join(schemaFolder, binding.file), 'utf8'));
      const versions: CrdVersion[] = crd.spec.versions;
      if (!versions.some((version) => version.name === binding.version)) {
        throw new Error(`${binding.file} has no version ${binding.version}; update BINDINGS in clusters/import-crds.ts`);
      }
      crd.spec.versions = versions.filter((version) => version.name === binding.version);
      const trimmed = join(scratch, binding.file);
      writeFileSync(trimmed, stringify(crd));
      execFileSync(
        'npx',
        ['cdk8s', 'import', '--no-check-upgrade', '--no-save', '--language', 'typescript', '--output', output, `${binding.module}:=${trimmed}`],
        { stdio: 'inherit' },
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
