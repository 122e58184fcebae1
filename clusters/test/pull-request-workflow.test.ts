import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './support/fleet-fixtures';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { readonly permissions?: Record<string, string>; readonly steps: readonly Step[] }>;
}

const workflowFile = join(REPO_ROOT, '.github', 'workflows', 'pull-request.yml');
const workflow = parse(readFileSync(workflowFile, 'utf8')) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

describe('the pull-request workflow', () => {
  test('runs on every pull request with a read-only token by default', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  test('pins every action by full commit SHA', () => {
    const uses = steps.flatMap((step) => (step.uses ? [step.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  test('runs .ci/run, which fails on a stale dist/', () => {
    expect(steps.some((step) => step.run?.trim() === 'bash .ci/run')).toBe(true);
    expect(readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8')).toContain('npm run synth -- --check');
  });

  test('renders the diff against the base branch as Markdown and only then comments, with write access in that job alone', () => {
    const job = workflow.jobs['rendered-diff'];
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const run = job.steps.map((step) => step.run ?? '').join('\n');
    expect(run).toContain('npm run --silent diff -- --base "origin/$BASE_REF" --format markdown --output rendered-diff.md');
    // The base ref reaches the shell through the environment, never pasted into the script.
    expect(run).not.toContain('${{');
    expect(job.steps[job.steps.length - 1].uses).toMatch(/^actions\/github-script@/);
  });
});
