/**
 * The render benchmark. Generates fleets of several sizes in a temporary folder, renders each
 * in a child process of its own (so peak memory is per size) several times, and prints a
 * Markdown table of medians, the cost per cluster across sizes, and the median `npm run synth`
 * of the example fleet. Writes nothing in the repository.
 *
 *   npm run bench                                   2, 10, 50, 200 clusters with ho11y and yelb
 *   npm run bench -- --charts echo                  with the test chart (no real app charts needed)
 *   npm run bench -- --sizes 2,10 --runs 3          other sizes, a fixed number of runs
 *   npm run bench -- --profile                      also the phases of the largest size (start-up, imports by package,
 *                                                   fleet load, render, serialisation, write) and its CPU profile
 *   npm run bench -- --startup [--rounds 7]         only how far the example fleet's synth is from the floor
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { FleetInput } from '../clusters/fleet/fleet-schema';
import { WORKLOADS } from '../workloads/registry';
import { inclusiveShares, summariseProfile } from './cpu-profile';
import { RenderMeasurement } from './render-once';
import { startupBench } from './startup';
import { growth, marginalCosts, median } from './statistics';
import { syntheticFleet } from './synthetic-fleet';

const REPOSITORY_ROOT = resolve(__dirname, '..');

interface SizeResult {
  readonly clusters: number;
  readonly runs: number;
  readonly files: number;
  readonly renderMs: number;
  readonly loadMs: number;
  readonly writeMs: number;
  readonly rewriteMs: number;
  /** Most files any no-op re-render of this size wrote. */
  readonly rewriteWritten: number;
  readonly wallMs: number;
  readonly maxRssMiB: number;
}

/**
 * Runs render-once.ts in a child process: as `npm run synth` runs (bundled), or for a profile
 * through tsx with every import timed, so module loading shows by package.
 */
function renderOnce(fleetFile: string, dist: string, workloads: string, profileDir?: string): { measurement: RenderMeasurement; wallMs: number } {
  const started = process.hrtime.bigint();
  const runner = profileDir
    ? ['--require', join(__dirname, 'import-timer.js'), '--cpu-prof', '--cpu-prof-dir', profileDir, '--import', 'tsx', join(__dirname, 'render-once.ts')]
    : [join(REPOSITORY_ROOT, 'clusters', 'bundle', 'run-bundled.js'), 'bench/render-once.ts'];
  const child = spawnSync(process.execPath, [...runner, '--fleet', fleetFile, '--dist', dist, '--workloads', workloads], {
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
    rewriteMs: median(samples.map((sample) => sample.measurement.rewriteMs)),
    rewriteWritten: Math.max(...samples.map((sample) => sample.measurement.rewriteWritten)),
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
  const marginal = marginalCosts(results.map((result) => ({ clusters: result.clusters, ms: result.renderMs })));
  const rows = results.map((result, index) =>
    [
      result.clusters,
      result.files,
      result.runs,
      result.loadMs.toFixed(0),
      result.renderMs.toFixed(0),
      marginal[index]?.toFixed(1) ?? '',
      result.writeMs.toFixed(0),
      `${result.rewriteMs.toFixed(0)} (${result.rewriteWritten} written)`,
      result.wallMs.toFixed(0),
      result.maxRssMiB.toFixed(0),
    ].join(' | '),
  );
  return [
    '| clusters | files | runs | load fleet (ms) | render (ms) | render, marginal per cluster (ms) | write dist (ms) | no-op re-render write (ms) | process wall (ms) | peak RSS (MiB) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

function growthLines(results: readonly SizeResult[]): string[] {
  return (['renderMs', 'writeMs', 'wallMs'] as const).map((field) => {
    const fit = growth(results.map((result) => ({ clusters: result.clusters, ms: result[field] })));
    const label = { renderMs: 'render', writeMs: 'write dist', wallMs: 'process wall' }[field];
    return `${label}: ${fit.fixedMs.toFixed(0)} ms fixed + ${fit.perClusterMs.toFixed(1)} ms per cluster (least squares over every size); growth ${fit.verdict}`;
  });
}

/** Where the time of one render of the largest size goes, phase by phase. */
function profilePhases(fleetFile: string, workspace: string, workloads: string): string[] {
  const profileDir = join(workspace, 'profile');
  const { measurement, wallMs } = renderOnce(fleetFile, join(workspace, 'dist-profile'), workloads, profileDir);
  const [profileFile] = readdirSync(profileDir);
  const imports = Object.entries(measurement.importsMs ?? {}).sort((a, b) => b[1] - a[1]);
  const importsMs = imports.reduce((sum, [, ms]) => sum + ms, 0);
  const shares = inclusiveShares(join(profileDir, profileFile), ['renderFleet', 'toYaml']);
  const serialisationMs = ((shares.get('toYaml') ?? 0) / (shares.get('renderFleet') || 1)) * measurement.renderMs;
  const { functions, owners } = summariseProfile(join(profileDir, profileFile));
  const line = (name: string, ms: number) => `  ${ms.toFixed(0).padStart(7)} ms  ${name}`;
  return [
    `Phases of one render (through tsx with every import timed and the CPU profiler on, so slower than the table; process wall ${wallMs.toFixed(0)} ms):`,
    '',
    line('start-up: Node.js and the TypeScript loader, before the first import', measurement.startupMs - importsMs),
    line('imports', importsMs),
    ...imports.filter(([, ms]) => ms >= 1).map(([name, ms]) => line(`  ${name}`, ms)),
    line('fleet load and validation', measurement.loadMs),
    line('render', measurement.renderMs),
    line(`  of which serialisation to YAML (toYaml, ${(((shares.get('toYaml') ?? 0) / (shares.get('renderFleet') || 1)) * 100).toFixed(0)}% of the render's CPU samples)`, serialisationMs),
    line(`write dist/ (${measurement.files} files)`, measurement.writeMs),
    line(`no-op re-render write (${measurement.rewriteWritten} files written)`, measurement.rewriteMs),
    '',
    'CPU profile (self time) by package:',
    '',
    ...owners.map(({ name, share }) => `  ${(share * 100).toFixed(1).padStart(5)}%  ${name}`),
    '',
    'and by function:',
    '',
    ...functions.map(({ name, share }) => `  ${(share * 100).toFixed(1).padStart(5)}%  ${name}`),
  ];
}

function main(): number {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '2,10,50,200' },
      charts: { type: 'string', default: 'ho11y,yelb' },
      runs: { type: 'string' },
      'synth-runs': { type: 'string', default: '5' },
      profile: { type: 'boolean', default: false },
      startup: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '7' },
    },
    strict: true,
  });
  const sizes = (values.sizes ?? '').split(',').map(Number);
  const charts = (values.charts ?? '').split(',');
  const workloads = charts.every((chart) => chart in WORKLOADS) ? 'registry' : charts.every((chart) => chart === 'echo') ? 'test' : undefined;
  if (!workloads || sizes.some((size) => !Number.isInteger(size) || size < 1)) {
    console.error(`--charts must name charts of workloads/registry.ts (${Object.keys(WORKLOADS).join(', ') || 'none yet'}) or be "echo"; --sizes positive integers.`);
    return 2;
  }
  if (values.startup) {
    console.log(startupBench(Number(values.rounds)));
    return 0;
  }
  const workspace = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const results = sizes.map((clusters) => {
      const runs = values.runs ? Number(values.runs) : clusters >= 200 ? 3 : 5;
      const result = benchSize(workspace, clusters, runs, charts, workloads);
      console.error(`  ${clusters} clusters: render ${result.renderMs.toFixed(0)} ms, peak ${result.maxRssMiB.toFixed(0)} MiB`);
      return result;
    });
    console.log(`Render benchmark (${charts.join(', ')} charts; 3 teams x 2 apps on every cluster; node ${process.version}, ${process.platform}/${process.arch}; load average ${loadavg().map((value) => value.toFixed(2)).join(', ')})\n`);
    console.log(table(results));
    if (results.length >= 2) console.log(`\n${growthLines(results).join('\n')}`);
    console.log(`\nnpm run synth of clusters/fleet.yaml: ${benchSynth(workspace, Number(values['synth-runs']))}`);
    if (values.profile) {
      const largest = Math.max(...sizes);
      console.log(`\n${largest} clusters. ${profilePhases(join(workspace, `fleet-${largest}.yaml`), workspace, workloads).join('\n')}`);
    }
    return 0;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

process.exitCode = main();
