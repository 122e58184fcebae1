/**
 * The render benchmark. Generates fleets of several sizes in a temporary folder, renders each
 * in a child process of its own (so peak memory is per size) several times, and prints a
 * Markdown table of medians, the cost per cluster across sizes, and the median `npm run synth`
 * of the example fleet. Writes nothing in the repository.
 *
 *   npm run bench                                   2, 10, 50, 200 clusters with ho11y and yelb, example and mixed shapes
 *   npm run bench -- --shapes mixed                 one fleet shape (synthetic-fleet.ts)
 *   npm run bench -- --charts echo                  with the test chart (no real app charts needed)
 *   npm run bench -- --sizes 2,10 --runs 3          other sizes, a fixed number of runs
 *   npm run bench -- --profile                      also write a CPU profile of the largest size and summarise it
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { FleetInput } from '../clusters/fleet/fleet-schema';
import { WORKLOADS } from '../workloads/registry';
import { summariseProfile } from './cpu-profile';
import { RenderMeasurement } from './render-once';
import { DiffMeasurement } from './diff-once';
import { FLEET_SHAPES, FleetShape, syntheticFleet } from './synthetic-fleet';

const REPOSITORY_ROOT = resolve(__dirname, '..');

interface SizeResult {
  readonly shape: FleetShape;
  readonly clusters: number;
  readonly runs: number;
  readonly files: number;
  readonly renderMs: number;
  readonly loadMs: number;
  readonly writeMs: number;
  readonly wallMs: number;
  readonly maxRssMiB: number;
  /** The review of a one-line fleet change (bench/diff-once.ts). */
  readonly diff: DiffMeasurement;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function renderOnce(fleetFile: string, dist: string, workloads: string, extraNodeArgs: readonly string[] = []): { measurement: RenderMeasurement; wallMs: number } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [...extraNodeArgs, '--import', 'tsx', join(__dirname, 'render-once.ts'), '--fleet', fleetFile, '--dist', dist, '--workloads', workloads], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`render of ${fleetFile} failed:\n${child.stderr}`);
  return { measurement: JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as RenderMeasurement, wallMs };
}

/** Image pins the example fleet gives each chart (ho11y has no default to pin), reused as they are. */
function exampleImages(): Record<string, Record<string, string>> {
  const example = parse(readFileSync(join(REPOSITORY_ROOT, 'clusters', 'fleet.yaml'), 'utf8')) as FleetInput;
  const images: Record<string, Record<string, string>> = {};
  for (const team of Object.values(example.teams)) {
    for (const [name, app] of Object.entries(team.apps)) images[app.chart ?? name] = { ...images[app.chart ?? name], ...app.images };
  }
  return images;
}

/** The review of a one-line change of the fleet in `fleetFile`, measured once in a child process. */
function measureDiff(fleetFile: string, workloads: string): DiffMeasurement {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'diff-once.ts'), '--fleet', fleetFile, '--workloads', workloads], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`diff of a one-line change of ${fleetFile} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as DiffMeasurement;
}

function benchSize(workspace: string, shape: FleetShape, clusters: number, runs: number, charts: readonly string[], workloads: string): SizeResult {
  const fleetFile = join(workspace, `fleet-${shape}-${clusters}.yaml`);
  // Every chart's first container pinned, so the one-line change replaces a line rather than adding one.
  const images = { ...Object.fromEntries(charts.map((chart) => [chart, { [chart]: `registry.example.com/${chart}:1.0.0` }])), ...exampleImages() };
  writeFileSync(fleetFile, stringify(syntheticFleet({ clusters, charts, images, shape })));
  const samples = Array.from({ length: runs }, (_, run) => {
    const dist = join(workspace, `dist-${shape}-${clusters}-${run}`);
    const sample = renderOnce(fleetFile, dist, workloads);
    rmSync(dist, { recursive: true, force: true });
    return sample;
  });
  return {
    shape,
    clusters,
    runs,
    files: samples[0].measurement.files,
    loadMs: median(samples.map((sample) => sample.measurement.loadMs)),
    renderMs: median(samples.map((sample) => sample.measurement.renderMs)),
    writeMs: median(samples.map((sample) => sample.measurement.writeMs)),
    wallMs: median(samples.map((sample) => sample.wallMs)),
    maxRssMiB: median(samples.map((sample) => sample.measurement.maxRssKiB / 1024)),
    diff: measureDiff(fleetFile, workloads),
  };
}

/** Median wall time of `npm run synth` of the example fleet into a temporary folder. */
function benchSynth(workspace: string, runs: number): string {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    const child = spawnSync('npm', ['run', '--silent', 'synth', '--', '--dist', join(workspace, `synth-${run}`)], { cwd: REPOSITORY_ROOT, encoding: 'utf8' });
    if (child.status !== 0) return `fails: ${(child.stderr || child.stdout).trim().split('\n').slice(0, 3).join(' ')}`;
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return `${median(times).toFixed(0)} ms (median of ${runs}; ${times.map((time) => time.toFixed(0)).join(', ')})`;
}

function table(results: readonly SizeResult[]): string {
  const rows = results.map((result) =>
    [
      result.clusters,
      result.files,
      result.runs,
      result.loadMs.toFixed(0),
      result.renderMs.toFixed(0),
      (result.renderMs / result.clusters).toFixed(1),
      result.writeMs.toFixed(0),
      result.wallMs.toFixed(0),
      result.maxRssMiB.toFixed(0),
      result.diff.filesChanged,
      result.diff.objectsChanged,
      result.diff.textChars,
      result.diff.markdownChars,
    ].join(' | '),
  );
  return [
    '| clusters | files | runs | load fleet (ms) | render (ms) | render per cluster (ms) | write dist (ms) | process wall (ms) | peak RSS (MiB) | one-line change: files | objects | diff chars | comment chars |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

/** Growth exponent of `measure` between the two largest sizes: 1 is linear, 2 quadratic. */
function growthExponent(results: readonly SizeResult[], measure: (result: SizeResult) => number): number {
  const [smaller, larger] = [...results].sort((a, b) => a.clusters - b.clusters).slice(-2);
  return Math.log(measure(larger) / measure(smaller)) / Math.log(larger.clusters / smaller.clusters);
}

/** What a growth exponent says, in words a reader can check against the table. */
function growthVerdict(exponent: number): string {
  if (exponent < 0.9) return 'sublinear: fixed costs (start-up, objects shared by every cluster) still dominate at these sizes, so this is not yet the per-cluster cost; measure larger fleets to see it';
  if (exponent <= 1.15) return 'linear: each cluster adds about the same cost';
  return 'SUPERLINEAR: look for a step that is quadratic in clusters or objects';
}

function growthLine(label: string, exponent: number): string {
  return `${label} grows as clusters^${exponent.toFixed(2)} between the two largest sizes (1.00 is linear): ${growthVerdict(exponent)}.`;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '2,10,50,200' },
      charts: { type: 'string', default: 'ho11y,yelb' },
      runs: { type: 'string' },
      'synth-runs': { type: 'string', default: '5' },
      profile: { type: 'boolean', default: false },
      shapes: { type: 'string', default: FLEET_SHAPES.join(',') },
    },
    strict: true,
  });
  const sizes = (values.sizes ?? '').split(',').map(Number);
  const charts = (values.charts ?? '').split(',');
  const workloads = charts.every((chart) => chart in WORKLOADS) ? 'registry' : charts.every((chart) => chart === 'echo') ? 'test' : undefined;
  const shapes = (values.shapes ?? '').split(',') as FleetShape[];
  if (!workloads || sizes.some((size) => !Number.isInteger(size) || size < 1) || shapes.some((shape) => !FLEET_SHAPES.includes(shape))) {
    console.error(`--charts must name charts of workloads/registry.ts (${Object.keys(WORKLOADS).join(', ') || 'none yet'}) or be "echo"; --sizes positive integers; --shapes some of ${FLEET_SHAPES.join(', ')}.`);
    return 2;
  }
  const workspace = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    for (const shape of shapes) {
      const results = sizes.map((clusters) => {
        const runs = values.runs ? Number(values.runs) : clusters >= 200 ? 3 : 5;
        const result = benchSize(workspace, shape, clusters, runs, charts, workloads);
        console.error(`  ${shape}, ${clusters} clusters: render ${result.renderMs.toFixed(0)} ms, peak ${result.maxRssMiB.toFixed(0)} MiB`);
        return result;
      });
      const description =
        shape === 'mixed'
          ? 'mixed fleet: every other cluster on AMP, 4 regions, up to 5 clusters per account, 10 teams x 1 app on every cluster'
          : 'example-shaped fleet: 1 AMP cluster, the rest on CloudWatch, one account per cluster, 3 teams x 2 apps on every cluster';
      console.log(`Render benchmark, ${description} (${charts.join(', ')} charts; node ${process.version}, ${process.platform}/${process.arch})\n`);
      console.log(table(results));
      const change = results[0]?.diff;
      if (change && change.fleetLinesChanged !== 1) console.log(`\nNote: the "one-line" change touched ${change.fleetLinesChanged} lines of the fleet file.`);
      if (results.length >= 2) {
        console.log(`\n${growthLine('Render time', growthExponent(results, (result) => result.renderMs))}`);
        console.log(growthLine('Write time', growthExponent(results, (result) => result.writeMs)));
        console.log(growthLine('Peak memory', growthExponent(results, (result) => result.maxRssMiB)));
      }
      console.log('');
    }
    console.log(`\nnpm run synth of clusters/fleet.yaml: ${benchSynth(workspace, Number(values['synth-runs']))}`);
    if (values.profile) {
      const largest = Math.max(...sizes);
      const profileDir = join(workspace, 'profile');
      renderOnce(join(workspace, `fleet-${shapes[0]}-${largest}.yaml`), join(workspace, 'dist-profile'), workloads, ['--cpu-prof', '--cpu-prof-dir', profileDir]);
      const [profileFile] = readdirSync(profileDir);
      const { functions, owners } = summariseProfile(join(profileDir, profileFile));
      console.log(`\nCPU profile of one ${largest}-cluster render (self time):\n`);
      for (const { name, share } of owners) console.log(`  ${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
      console.log('');
      for (const { name, share } of functions) console.log(`  ${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
    }
    return 0;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

process.exitCode = main();
