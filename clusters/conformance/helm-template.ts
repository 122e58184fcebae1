import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { kubeTool } from '../kube-tools';
import { ManifestObject } from '../validate/object-problem';
import { RenderedObject } from '../validate/rendered-objects';
import { HelmRelease } from './helm-release';

/** Chart versions are written with and without a leading `v` (cert-manager's `v1.21.2`). */
function sameVersion(a: string, b: string): boolean {
  return a.replace(/^v/, '') === b.replace(/^v/, '');
}

/**
 * The unpacked chart `name` at `version` in `folder`: any direct subfolder whose Chart.yaml names
 * that chart and version (the shared folder calls them `<name>-<version>`), or undefined.
 */
export function findChart(folder: string, name: string, version: string): string | undefined {
  if (!existsSync(folder)) return undefined;
  for (const entry of readdirSync(folder, { withFileTypes: true }).filter((candidate) => candidate.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const chartFile = join(folder, entry.name, 'Chart.yaml');
    if (!existsSync(chartFile)) continue;
    const chart = (parse(readFileSync(chartFile, 'utf8')) ?? {}) as { name?: unknown; version?: unknown };
    if (chart.name === name && typeof chart.version === 'string' && sameVersion(chart.version, version)) return join(folder, entry.name);
  }
  return undefined;
}

/**
 * Renders a release with the real `helm template` (CRDs included, API capabilities of the
 * cluster's Kubernetes version) and the exact values the project passes. Each object remembers
 * the chart template it came from.
 */
export function helmTemplate(release: HelmRelease, chartDir: string, kubernetesVersion: string): RenderedObject[] {
  const scratch = mkdtempSync(join(tmpdir(), 'conformance-'));
  try {
    const valuesFile = join(scratch, 'values.json');
    writeFileSync(valuesFile, JSON.stringify(release.values));
    const output = execFileSync(
      kubeTool('helm'),
      ['template', release.releaseName, chartDir, '--namespace', release.namespace, '--values', valuesFile, '--include-crds', '--kube-version', kubernetesVersion],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return splitRendered(output, `${release.chart}-${release.version}`, release.cluster);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    throw new Error(`helm template of ${release.chart} ${release.version} (${release.origin}) failed: ${stderr?.trim() || (error as Error).message}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Documents of `helm template` output, each placed at its `# Source:` template. */
export function splitRendered(output: string, chartLabel: string, cluster: string): RenderedObject[] {
  return parseAllDocuments(output).flatMap((document) => {
    const object = document.toJS() as ManifestObject | null;
    if (object === null || typeof object !== 'object' || !object.kind) return [];
    const source = /# Source: (\S+)/.exec(String(document.commentBefore ?? ''))?.[1] ?? /# Source: (\S+)/.exec(document.toString())?.[1];
    return [{ file: source ? `${chartLabel}: ${source}` : chartLabel, cluster, object }];
  });
}
