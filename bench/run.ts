/**
 * The render benchmark. Generates fleets of several sizes in a temporary folder, renders each
 * in a child process of its own (so peak memory is per size) several times, and prints a
 * Markdown table of medians, the cost per cluster across sizes, and the median `npm run synth`
 * of the example fleet. Writes nothing in the repository.
 *
 *   npm run bench                                   2, 10, 50, 200 clusters with ho11y and yelb
 *   npm run bench -- --charts echo                  with the test chart (no real app charts needed)
 *   npm run bench -- --sizes 2,10 --runs 3          other sizes, a fixed number of runs
 *   npm run bench -- --profile                      also write a CPU profile of the largest size and summarise it
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCommandLine, UsageError } from '../clusters/command-line';
import { runCommand } from '../clusters/run-command';
import { parse, stringify } from 'yaml';
import { FleetInput } from '../clusters/fleet/fleet-schema';
import { WORKLOADS } from '../workloads/registry';
import { summariseProfile } from './cpu-profile';
import { RenderMeasurement } from './render-once';
import { syntheticFleet } from './synthetic-fleet';

const REPOSITORY_ROOT = resolve(__dirname, '..');

const USAGE = `Usage: npm run bench -- [--sizes 2,10,50,200] [--charts ho11y,yelb|echo] [--runs <n>] [--synth-runs <n>] [--profile]

Renders synthetic fleets of each size in child processes and prints median time, peak memory and
growth per cluster. Writes nothing in the repository.
  --sizes <list>      cluster counts (default: 2,10,50,200)
  --charts <list>     app charts on every cluster (default: ho11y,yelb; echo: the test chart)
  --runs <n>          runs per size (default: 5, 3 at 200 clusters and more)
  --synth-runs <n>    runs of npm run synth of the example fleet (default: 5)
  --profile           also profile the largest size and summarise where the time goes
  --help              print this usage`;

interface SizeResult {
  readonly clusters: number;
  readonly runs: number;
  readonly files: number;
  readonly renderMs: number;
  readonly loadMs: number;
  readonly writeMs: number;
  readonly wallMs: number;
  readonly maxRssMiB: number;
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

function benchSize(workspace: string, clusters: number, runs: number, charts: readonly string[], workloads: string): SizeResult {
  const fleetFile = join(workspace, `fleet-${clusters}.yaml`);
  writeFileSync(fleetFile, stringify(syntheticFleet({ clusters, charts, images: exampleImages() })));
  const samples = Array.from({ length: runs }, (_, run) => {
    const dist = join(workspace, `dist-${clusters}-${run}`);
    const sample = renderOnce(fleetFile, dist, workloads);
    rmSync(dist, { recursive: true, force: true });
    return sample;
  });
  return {
    clusters,
    runs,
    files: samples[0].measurement.files,
    loadMs: median(samples.map((sample) => sample.measurement.loadMs)),
    renderMs: median(samples.map((sample) => sample.measurement.renderMs)),
    writeMs: median(samples.map((sample) => sample.measurement.writeMs)),
    wallMs: median(samples.map((sample) => sample.wallMs)),
    maxRssMiB: median(samples.map((sample) => sample.measurement.maxRssKiB / 1024)),
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
    [result.clusters, result.files, result.runs, result.loadMs.toFixed(0), result.renderMs.toFixed(0), (result.renderMs / result.clusters).toFixed(1), result.writeMs.toFixed(0), result.wallMs.toFixed(0), result.maxRssMiB.toFixed(0)].join(' | '),
  );
  return [
    '| clusters | files | runs | load fleet (ms) | render (ms) | render per cluster (ms) | write dist (ms) | process wall (ms) | peak RSS (MiB) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

/** Growth exponent of render time between the two largest sizes: 1 is linear, 2 quadratic. */
function growthExponent(results: readonly SizeResult[]): number {
  const [smaller, larger] = [...results].sort((a, b) => a.clusters - b.clusters).slice(-2);
  return Math.log(larger.renderMs / smaller.renderMs) / Math.log(larger.clusters / smaller.clusters);
}

function main(): number {
  const commandLine = parseCommandLine({
    usage: USAGE,
    options: {
      sizes: { type: 'string', default: '2,10,50,200' },
      charts: { type: 'string', default: 'ho11y,yelb' },
      runs: { type: 'string' },
      'synth-runs': { type: 'string', default: '5' },
      profile: { type: 'boolean', default: false },
    },
  });
  if (!commandLine) return 0;
  const { values } = commandLine;
  const sizes = (values.sizes ?? '').split(',').map(Number);
  const charts = (values.charts ?? '').split(',');
  const workloads = charts.every((chart) => chart in WORKLOADS) ? 'registry' : charts.every((chart) => chart === 'echo') ? 'test' : undefined;
  const counts = [...sizes, Number(values.runs ?? 1), Number(values['synth-runs'])];
  if (!workloads || counts.some((count) => !Number.isInteger(count) || count < 1)) {
    throw new UsageError(`--charts must name charts of workloads/registry.ts (${Object.keys(WORKLOADS).join(', ') || 'none yet'}) or be "echo"; --sizes, --runs and --synth-runs positive integers`, USAGE);
  }
  const workspace = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const results = sizes.map((clusters) => {
      const runs = values.runs ? Number(values.runs) : clusters >= 200 ? 3 : 5;
      const result = benchSize(workspace, clusters, runs, charts, workloads);
      console.error(`  ${clusters} clusters: render ${result.renderMs.toFixed(0)} ms, peak ${result.maxRssMiB.toFixed(0)} MiB`);
      return result;
    });
    console.log(`Render benchmark (${charts.join(', ')} charts; 3 teams x 2 apps on every cluster; node ${process.version}, ${process.platform}/${process.arch})\n`);
    console.log(table(results));
    if (results.length >= 2) {
      const exponent = growthExponent(results);
      console.log(`\nRender time grows as clusters^${exponent.toFixed(2)} between the two largest sizes (1.00 is linear): ${exponent <= 1.15 ? 'linear' : 'SUPERLINEAR, look for a step that is quadratic in clusters or objects'}.`);
    }
    console.log(`\nnpm run synth of clusters/fleet.yaml: ${benchSynth(workspace, Number(values['synth-runs']))}`);
    if (values.profile) {
      const largest = Math.max(...sizes);
      const profileDir = join(workspace, 'profile');
      renderOnce(join(workspace, `fleet-${largest}.yaml`), join(workspace, 'dist-profile'), workloads, ['--cpu-prof', '--cpu-prof-dir', profileDir]);
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

runCommand(main);
