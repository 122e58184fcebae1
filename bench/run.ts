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
 *   npm run bench -- --profile                      also the phases of the largest size (start-up, imports by package,
 *                                                   fleet load, render, serialisation, write) and its CPU profile
 *   npm run bench -- --startup [--rounds 7]         only how far the example fleet's synth is from the floor
 *   npm run bench -- --cdk-synth [--rounds 7] [--baseline <cloud assembly>]
 *                                                   only npm run cdk:synth against the CDK CLI, and whether they
 *                                                   (and the baseline) hold the same templates
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCommandLine, UsageError } from '../clusters/command-line';
import { runCommand } from '../clusters/run-command';
import { parse, stringify } from 'yaml';
import { FleetInput } from '../clusters/fleet/fleet-schema';
import { WORKLOADS } from '../workloads/registry';
import { inclusiveShares, summariseProfile } from './cpu-profile';
import { RenderMeasurement } from './render-once';
import { startupBench } from './startup';
import { cdkSynthBench } from './cdk-synth';
import { growth, marginalCosts, median } from './statistics';
import { DiffMeasurement } from './diff-once';
import { FLEET_SHAPES, FleetShape, syntheticFleet } from './synthetic-fleet';

const REPOSITORY_ROOT = resolve(__dirname, '..');

const USAGE = `Usage: npm run bench -- [--sizes 2,10,50,200] [--shapes example,mixed] [--charts ho11y,yelb|echo] [--runs <n>] [--synth-runs <n>] [--profile]
       npm run bench -- --startup [--rounds <n>]
       npm run bench -- --cdk-synth [--rounds <n>] [--baseline <cloud assembly>]

Renders synthetic fleets of each size in child processes and prints median time, peak memory and
growth per cluster. Writes nothing in the repository.
  --sizes <list>      cluster counts (default: 2,10,50,200)
  --shapes <list>     fleet shapes (default: every shape of synthetic-fleet.ts: example, mixed)
  --charts <list>     app charts on every cluster (default: ho11y,yelb; echo: the test chart)
  --runs <n>          runs per size (default: 5, 3 at 200 clusters and more)
  --synth-runs <n>    runs of npm run synth of the example fleet (default: 5)
  --profile           also profile the largest size and summarise where the time goes
  --startup           only the example fleet's synth against the floor of loading cdk8s, interleaved
  --cdk-synth         only npm run cdk:synth against the CDK CLI (npx cdk synth), interleaved, and
                      whether both wrote the same cloud assembly (exit 1 when not)
  --baseline <dir>    with --cdk-synth: also compare with this cloud assembly (one written before a change)
  --rounds <n>        rounds of --startup or --cdk-synth (default: 7)
  --help              print this usage`;

interface SizeResult {
  readonly shape: FleetShape;
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
  /** The review of a one-line fleet change (bench/diff-once.ts). */
  readonly diff: DiffMeasurement;
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

function fleetFileOf(workspace: string, shape: FleetShape, clusters: number): string {
  return join(workspace, `fleet-${shape}-${clusters}.yaml`);
}

function benchSize(workspace: string, shape: FleetShape, clusters: number, runs: number, charts: readonly string[], workloads: string): SizeResult {
  const fleetFile = fleetFileOf(workspace, shape, clusters);
  // Every chart's first container pinned, so the one-line change replaces a line rather than adding one.
  const images = { ...Object.fromEntries(charts.map((chart) => [chart, { [chart]: `registry.example.com/${chart}:1.0.0` }])), ...exampleImages() };
  writeFileSync(fleetFile, stringify(syntheticFleet({ clusters, charts, images, shape })));
  // Each run's output stays until the bench ends: on a file system that avoids reusing inodes
  // freed in the last half minute (ext4 without a journal does), deleting 30,000 files just
  // before the next run would make that run's write pay for the deletion.
  const samples = Array.from({ length: runs }, (_, run) => renderOnce(fleetFile, join(workspace, `dist-${shape}-${clusters}-${run}`), workloads));
  return {
    shape,
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
      result.diff.filesChanged,
      result.diff.objectsChanged,
      result.diff.textChars,
      result.diff.markdownChars,
    ].join(' | '),
  );
  return [
    '| clusters | files | runs | load fleet (ms) | render (ms) | render, marginal per cluster (ms) | write dist (ms) | no-op re-render write (ms) | process wall (ms) | peak RSS (MiB) | one-line change: files | objects | diff chars | comment chars |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
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

/**
 * Growth exponent of the total render time and of peak memory between the two largest sizes, with
 * what it means: below 0.9 the fixed costs (start-up, objects every cluster shares) still dominate,
 * so the figure is not yet the per-cluster cost.
 */
function twoLargestLines(results: readonly SizeResult[]): string[] {
  const [smaller, larger] = [...results].sort((a, b) => a.clusters - b.clusters).slice(-2);
  return (['renderMs', 'maxRssMiB'] as const).map((field) => {
    const exponent = Math.log(larger[field] / smaller[field]) / Math.log(larger.clusters / smaller.clusters);
    const meaning =
      exponent < 0.9
        ? 'sublinear: fixed costs still dominate at these sizes, this is not yet the per-cluster cost'
        : exponent <= 1.15
          ? 'linear'
          : 'SUPERLINEAR: look for a step that is quadratic in clusters or objects';
    return `${field === 'renderMs' ? 'render' : 'peak memory'} grows as clusters^${exponent.toFixed(2)} from ${smaller.clusters} to ${larger.clusters} clusters: ${meaning}`;
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

/** The command with its arguments (after `npm run bench --`); returns the exit code. */
export function main(args: readonly string[] = process.argv.slice(2)): number {
  const commandLine = parseCommandLine({
    usage: USAGE,
    options: {
      sizes: { type: 'string', default: '2,10,50,200' },
      charts: { type: 'string', default: 'ho11y,yelb' },
      runs: { type: 'string' },
      'synth-runs': { type: 'string', default: '5' },
      profile: { type: 'boolean', default: false },
      startup: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '7' },
      'cdk-synth': { type: 'boolean', default: false },
      baseline: { type: 'string' },
      shapes: { type: 'string', default: FLEET_SHAPES.join(',') },
    },
  }, args);
  if (!commandLine) return 0;
  const { values } = commandLine;
  const sizes = (values.sizes ?? '').split(',').map(Number);
  const charts = (values.charts ?? '').split(',');
  const workloads = charts.every((chart) => chart in WORKLOADS) ? 'registry' : charts.every((chart) => chart === 'echo') ? 'test' : undefined;
  const shapes = (values.shapes ?? '').split(',') as FleetShape[];
  const counts = [...sizes, Number(values.runs ?? 1), Number(values['synth-runs']), Number(values.rounds)];
  if (!workloads || counts.some((count) => !Number.isInteger(count) || count < 1) || shapes.some((shape) => !FLEET_SHAPES.includes(shape))) {
    throw new UsageError(`--charts must name charts of workloads/registry.ts (${Object.keys(WORKLOADS).join(', ') || 'none yet'}) or be "echo"; --sizes, --runs, --synth-runs and --rounds positive integers; --shapes some of ${FLEET_SHAPES.join(', ')}`, USAGE);
  }
  if (values['cdk-synth']) {
    const { identical, report } = cdkSynthBench(Number(values.rounds), values.baseline);
    console.log(report);
    return identical ? 0 : 1;
  }
  if (values.startup) {
    console.log(startupBench(Number(values.rounds)));
    return 0;
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
      console.log(`Render benchmark, ${description} (${charts.join(', ')} charts; node ${process.version}, ${process.platform}/${process.arch}; load average ${loadavg().map((value) => value.toFixed(2)).join(', ')})\n`);
      console.log(table(results));
      const change = results[0]?.diff;
      if (change && change.fleetLinesChanged !== 1) console.log(`\nNote: the "one-line" change touched ${change.fleetLinesChanged} lines of the fleet file.`);
      if (results.length >= 2) console.log(`\n${[...growthLines(results), ...twoLargestLines(results)].join('\n')}`);
      console.log('');
    }
    console.log(`\nnpm run synth of clusters/fleet.yaml: ${benchSynth(workspace, Number(values['synth-runs']))}`);
    if (values.profile) {
      const largest = Math.max(...sizes);
      console.log(`\n${largest} clusters. ${profilePhases(fleetFileOf(workspace, shapes[0], largest), workspace, workloads).join('\n')}`);
    }
    return 0;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

if (require.main === module) runCommand(() => main());
