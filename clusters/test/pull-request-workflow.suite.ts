import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadFleet } from '../fleet/load-fleet';
import { CODE_OWNERS_FILE, platformPaths, renderCodeOwners } from '../render/code-owners';
import { REPO_ROOT } from './support/fleet-fixtures';
import { echoFleet } from './support/planted-render';
import { renderForTest } from './support/rendered-tree';

/** The repository's own fleet file: the committed CODEOWNERS is its render. */
const FLEET_FILE = join(REPO_ROOT, 'clusters', 'fleet.yaml');

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly 'working-directory'?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly permissions?: Record<string, string>;
  readonly steps: readonly Step[];
}
interface Workflow {
  readonly name: string;
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const WORKFLOWS = join(REPO_ROOT, '.github', 'workflows');
const readText = (file: string) => readFileSync(join(WORKFLOWS, file), 'utf8');
const pullRequestText = readText('pull-request.yml');
const commentText = readText('pull-request-comment.yml');
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const pullRequest = parse(pullRequestText) as Workflow;
const comment = parse(commentText) as Workflow;

const PINNED = /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/;
const checkoutAt = (step: Step) => step.uses?.startsWith('actions/checkout@') === true;

/**
 * What makes the review path hold against the change under review, as problems found in a pair
 * of workflows: the diff and the gate run from the base branch's checkout over the change's
 * committed dist/ (data), in jobs that cannot write; the job that can comment checks nothing
 * out and runs no command, only pinned actions.
 */
function reviewPathProblems(workflow: Workflow, commenter: Workflow, texts: readonly string[]): string[] {
  const problems: string[] = [];
  if (Object.keys(workflow.on).join() !== 'pull_request') problems.push(`pull request workflow runs on ${Object.keys(workflow.on).join()}, not only pull_request`);
  if (JSON.stringify(workflow.permissions) !== JSON.stringify({ contents: 'read' })) problems.push('pull request workflow token is not read-only');
  for (const [name, job] of Object.entries(workflow.jobs)) {
    for (const [scope, level] of Object.entries(job.permissions ?? {})) {
      if (level !== 'read') problems.push(`job ${name} may ${level} ${scope}`);
    }
  }
  if (texts.some((text) => /secrets\./.test(text))) problems.push('a workflow reads a secret');

  const review = Object.entries(workflow.jobs).find(([, job]) => job.steps.some((step) => /npm run --silent diff/.test(step.run ?? '')));
  if (!review) return [...problems, 'no job computes the rendered diff'];
  const [reviewName, reviewJob] = review;
  const base = reviewJob.steps.find((step) => checkoutAt(step) && step.with?.ref === '${{ github.event.pull_request.base.sha }}');
  if (!base) return [...problems, `job ${reviewName} does not check out the base branch's tools`];
  const baseFolder = String(base.with?.path ?? '');
  for (const step of reviewJob.steps.filter((candidate) => candidate.run !== undefined)) {
    if (step['working-directory'] !== baseFolder) problems.push(`job ${reviewName} runs "${step.run?.trim().split('\n')[0]}" outside the base checkout ${baseFolder}`);
    if (/npm (ci|install)\b/.test(step.run ?? '') && !/--ignore-scripts/.test(step.run ?? '')) problems.push(`job ${reviewName} runs install scripts`);
    // The change's folder may only be named as data: where its history, dist/ and fleet file are.
    const mentions = (step.run ?? '').match(/\.\.\/[\w.-]+\S*/g) ?? [];
    const argumentsOnly = (step.run ?? '').match(/--(repository|dist|fleet) \.\.\/[\w.-]+\S*/g) ?? [];
    if (mentions.length !== argumentsOnly.length) problems.push(`job ${reviewName} runs something from outside the base checkout: ${step.run?.trim().split('\n')[0]}`);
  }
  const runs = reviewJob.steps.map((step) => step.run ?? '').join('\n');
  if (!/npm run --silent diff -- [^\n]*--head /.test(runs)) problems.push(`job ${reviewName} renders the change instead of comparing its committed dist/ (--head)`);
  if (!/npm run --silent validate -- [^\n]*--dist \.\.\//.test(runs)) problems.push(`job ${reviewName} does not gate the change's dist/ with the base's rules`);
  if (!reviewJob.steps.some((step) => step.uses?.startsWith('actions/upload-artifact@'))) problems.push(`job ${reviewName} hands nothing to the comment workflow`);

  const trigger = commenter.on.workflow_run as { workflows?: string[]; types?: string[] } | undefined;
  if (!trigger?.workflows?.includes(workflow.name) || trigger.types?.join() !== 'completed') problems.push('the comment workflow does not follow the pull request workflow');
  if (JSON.stringify(commenter.permissions) !== '{}') problems.push('the comment workflow grants permissions to every job');
  for (const [name, job] of Object.entries(commenter.jobs)) {
    for (const step of job.steps) {
      if (step.run !== undefined) problems.push(`comment job ${name} runs a command`);
      if (checkoutAt(step) || step.uses?.startsWith('actions/setup-node@')) problems.push(`comment job ${name} checks out or sets up repository code (${step.uses})`);
      if (step.uses && !/^actions\/(download-artifact|github-script)@/.test(step.uses)) problems.push(`comment job ${name} uses ${step.uses}`);
    }
    const script = job.steps.map((step) => String(step.with?.script ?? '')).join('\n');
    if (script && !/process\.env\.HEAD_SHA/.test(script)) problems.push(`comment job ${name} posts without checking the reviewed commit`);
    if (script && !/\.github\/workflows\//.test(script)) problems.push(`comment job ${name} posts output of workflows the change itself edits`);
  }
  for (const step of [...Object.values(workflow.jobs), ...Object.values(commenter.jobs)].flatMap((job) => job.steps)) {
    if (step.uses && !PINNED.test(step.uses)) problems.push(`${step.uses} is not pinned by commit SHA`);
  }
  return problems;
}

describe('the review path cannot be changed by the change under review', () => {
  test('the committed workflows hold', () => {
    expect(reviewPathProblems(pullRequest, comment, [pullRequestText, commentText])).toEqual([]);
  });

  test('.ci/run still runs on the change and fails on a stale dist/', () => {
    expect(Object.values(pullRequest.jobs).some((job) => job.steps.some((step) => step.run?.trim() === 'bash .ci/run'))).toBe(true);
    expect(readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8')).toContain('npm run synth -- --check');
  });

  const plants: [string, (workflow: Workflow, commenter: Workflow) => void, RegExp][] = [
    [
      'the diff run with the change\'s own (edited) diff tool',
      (workflow) => {
        for (const step of workflow.jobs.review.steps) if (step['working-directory'] === 'base') Object.assign(step, { 'working-directory': 'change' });
      },
      /outside the base checkout/,
    ],
    [
      'the diff rendering the change\'s code',
      (workflow) => {
        const step = workflow.jobs.review.steps.find((candidate) => /diff --/.test(candidate.run ?? ''));
        Object.assign(step ?? {}, { run: 'npm run --silent diff -- --base "$BASE_SHA" --format markdown' });
      },
      /renders the change/,
    ],
    ['a script of the change run from the review job', (workflow) => Object.assign(workflow.jobs.review.steps[4], { run: 'bash ../change/.ci/fetch-crds "$RUNNER_TEMP/crds"' }), /runs something from outside the base checkout/],
    ['install scripts in the review job', (workflow) => Object.assign(workflow.jobs.review.steps[3], { run: 'npm ci' }), /runs install scripts/],
    ['write access in the review job', (workflow) => Object.assign(workflow.jobs.review, { permissions: { contents: 'read', 'pull-requests': 'write' } }), /job review may write pull-requests/],
    ['pull_request_target', (workflow) => Object.assign(workflow, { on: { pull_request_target: null } }), /not only pull_request/],
    ['the commenter checking out and running the diff', (_workflow, commenter) => (commenter.jobs.comment.steps as Step[]).unshift({ uses: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683' }, { run: 'npm ci && npm run diff' }), /checks out[\s\S]*runs a command|runs a command/],
    ['the commenter trusting any artifact', (_workflow, commenter) => Object.assign(commenter.jobs.comment.steps[1].with ?? {}, { script: 'await github.rest.issues.createComment({})' }), /without checking the reviewed commit/],
  ];

  test.each(plants)('planted: %s, is caught', (_title, plant, problem) => {
    const workflow = copy(pullRequest);
    const commenter = copy(comment);
    plant(workflow, commenter);
    expect(reviewPathProblems(workflow, commenter, [JSON.stringify(workflow), JSON.stringify(commenter)]).join('\n')).toMatch(problem);
  });
});

describe('CODEOWNERS', () => {
  const fleet = echoFleet((input) => {
    input.platformTeam = { ...input.platformTeam, codeOwner: '@acme/platform-ops' };
  });
  const rendered = renderCodeOwners(fleet) ?? '';
  const lines = rendered
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.trim().split(/\s+/));

  test("the committed file is the render of the repository's fleet file, when it names a code owner", () => {
    const repositoryFleet = loadFleet(FLEET_FILE);
    const expected = renderCodeOwners(repositoryFleet);
    if (expected !== undefined) expect(readFileSync(join(REPO_ROOT, CODE_OWNERS_FILE), 'utf8')).toBe(expected);
  });

  test("gives every platform path to the fleet's platform team, and only to it", () => {
    expect(lines.map(([path]) => path)).toEqual(platformPaths());
    expect(lines.filter(([, ...owners]) => owners.join(' ') !== '@acme/platform-ops')).toEqual([]);
  });

  test('names every fleet-wide folder of the render and every top-level file of the repository but the README', () => {
    const fleetWide = [...new Set(renderForTest(fleet).map((file) => file.path.split('/')[0]))].filter((top) => !(top in fleet.clusters));
    const owned = new Set(lines.map(([path]) => path));
    expect(fleetWide.filter((top) => !owned.has(top.includes('.') ? `/dist/${top}` : `/dist/${top}/`))).toEqual([]);
    const topLevel = readdirSync(REPO_ROOT, { withFileTypes: true }).filter((entry) => entry.isFile() && !['README.md', '.gitignore'].includes(entry.name));
    expect(topLevel.map((entry) => entry.name).filter((name) => !owned.has(`/${name}`))).toEqual([]);
  });

  test('is left alone when the fleet names no code owner', () => {
    expect(renderCodeOwners(echoFleet((input) => (input.platformTeam = { ...input.platformTeam, codeOwner: undefined })))).toBeUndefined();
  });
});
