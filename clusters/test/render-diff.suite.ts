import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runDiff } from '../diff/cli';
import { formatMarkdown, formatText } from '../diff/format-diff';
import { filesAtCommit, resolveBase } from '../diff/git-dist';
import { diffRenders, RenderDiff } from '../diff/render-diff';
import { fieldChanges } from '../diff/value-diff';
import { Fleet, FleetInput } from '../fleet/fleet-schema';
import { renderFleet } from '../render/render-fleet';
import { GENERATED_HEADER } from '../render/rendered-file';
import { writeFiles } from '../render/write-dist';
import { REPO_ROOT } from './support/fleet-fixtures';
import { runInProcess } from './support/in-process-command';
import { nodeArgumentsOf } from './support/npm-script';
import { echoFleet } from './support/planted-render';
import { renderForTest } from './support/rendered-tree';

/** `cluster folder change id` of every document the diff reports. */
function changes(diff: RenderDiff): string[] {
  return diff.folders.flatMap((folder) => folder.changes.map((change) => `${folder.cluster} ${folder.folder} ${change.change} ${change.id}`));
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

/** A repository whose main branch has `fleet` rendered into dist/, and a branch to change it on. */
function repositoryWithDist(fleet: Fleet): string {
  const root = mkdtempSync(join(tmpdir(), 'diff-'));
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.email', 'ci@example.com');
  git(root, 'config', 'user.name', 'CI');
  writeFiles(join(root, 'dist'), renderForTest(fleet));
  writeFileSync(join(root, 'fleet.yaml'), stringify(fleet));
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'render');
  git(root, 'checkout', '-q', '-b', 'change');
  return root;
}

describe('field differences', () => {
  test('map key order is not a change', () => {
    expect(fieldChanges({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toEqual([]);
  });

  test('lists of named items are matched by name: reordering is not a change, an edit is reported by name', () => {
    const containers = [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }];
    expect(fieldChanges({ containers }, { containers: [...containers].reverse() })).toEqual([]);
    expect(fieldChanges({ containers }, { containers: [{ name: 'b', image: 'b:2' }, { name: 'a', image: 'a:1' }] })).toEqual([{ path: '.containers[name=b].image', before: 'b:1', after: 'b:2' }]);
  });

  test('an item inserted into a list is one addition, not a shift of every later item', () => {
    expect(fieldChanges({ args: ['--a', '--b', '--c'] }, { args: ['--a', '--x', '--b', '--c'] })).toEqual([{ path: '.args[1]', after: '--x' }]);
  });

  test('keys that are not identifiers are quoted, and JSON held in a string is compared as JSON', () => {
    const before = { metadata: { annotations: { 'argocd.argoproj.io/sync-wave': '1' } }, spec: { json: JSON.stringify({ title: 'A', panels: [{ id: 1 }] }) } };
    const after = { metadata: { annotations: { 'argocd.argoproj.io/sync-wave': '2' } }, spec: { json: JSON.stringify({ panels: [{ id: 1 }], title: 'B' }, null, 2) } };
    expect(fieldChanges(before, after)).toEqual([
      { path: '.metadata.annotations["argocd.argoproj.io/sync-wave"]', before: '1', after: '2' },
      { path: '.spec.json|json.title', before: 'A', after: 'B' },
    ]);
  });
});

describe('the diff of two renders, on a repository with dist/ committed', () => {
  const baseFleet = echoFleet();
  let root: string;
  let base: ReturnType<typeof filesAtCommit>;
  beforeAll(() => {
    root = repositoryWithDist(baseFleet);
    base = filesAtCommit(root, resolveBase(root).commit);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('the base is the merge base with main, read from git, equal to what was rendered', () => {
    git(root, 'commit', '-q', '--allow-empty', '-m', 'work on the branch');
    expect(resolveBase(root)).toEqual({ commit: git(root, 'rev-parse', 'main').trim(), description: 'merge base with main' });
    expect(base).toEqual(renderForTest(baseFleet));
  });

  test('the same render shows nothing', () => {
    expect(changes(diffRenders(base, renderForTest(baseFleet)))).toEqual([]);
  });

  test('the same objects in other files, in another order, with keys reordered, show nothing', () => {
    const shuffled = [...base].reverse().map((file) => {
      // Chart.yaml and values.yaml are known by their path; only object files may be renamed.
      if (!file.path.includes('/templates/') && !file.path.includes('/workloads/') && !file.path.includes('/platform/')) return file;
      if (file.path.endsWith('kustomization.yaml')) return file;
      const object = parse(file.content) as Record<string, unknown>;
      const reordered = Object.fromEntries(Object.entries(object).reverse());
      return { path: file.path.replace(/([^/]+)\.yaml$/, 'renamed-$1.yaml'), content: GENERATED_HEADER + stringify(reordered) };
    });
    expect(changes(diffRenders(shuffled, renderForTest(baseFleet)))).toEqual([]);
  });

  test('a changed image tag shows exactly that field of that Deployment, on each cluster running the app', () => {
    const head = renderForTest(echoFleet((fleet) => (fleet.teams['team-geordie'].apps.ho11y.images = { echo: 'registry.example.com/echo:1.0.1' })));
    const diff = diffRenders(base, head);
    expect(changes(diff)).toEqual(['prod1 workloads/team-geordie/ho11y changed Deployment geordie/ho11y', 'prod2 workloads/team-geordie/ho11y changed Deployment geordie/ho11y']);
    for (const folder of diff.folders) {
      expect(folder.changes[0].fields).toEqual([{ path: '.spec.template.spec.containers[name=echo].image', before: 'registry.example.com/echo:1.0.0', after: 'registry.example.com/echo:1.0.1' }]);
    }
    expect(diff.counts).toEqual({ added: 0, removed: 0, changed: 2, moved: 0 });
  });

  test('an added app shows its objects, its Application and its network flow, on its cluster only', () => {
    const head = renderForTest(
      echoFleet((fleet: FleetInput) => {
        fleet.teams['team-geordie'].apps.echo = { chart: 'echo', clusters: ['prod1'] };
      }),
    );
    expect(changes(diffRenders(base, head))).toEqual([
      'prod1 bootstrap added Application argocd/team-geordie-echo',
      'prod1 platform/tenancy added NetworkPolicy geordie/echo-scrape',
      'prod1 workloads/team-geordie/echo added Deployment geordie/echo',
      'prod1 workloads/team-geordie/echo added Service geordie/echo',
    ]);
  });

  test('a removed cluster shows every one of its objects removed and nothing else', () => {
    const head = renderForTest(
      echoFleet((fleet: FleetInput) => {
        delete fleet.clusters.prod2;
        for (const team of [fleet.platformTeam ?? { principals: [] }, ...Object.values(fleet.teams)]) team.principals = (team.principals ?? []).filter((arn) => !arn.includes(':333333333333:'));
        for (const app of Object.values(fleet.teams['team-geordie'].apps)) app.clusters = ['prod1'];
      }),
    );
    const diff = diffRenders(base, head);
    const prod2Documents = base.filter((file) => file.path.startsWith('prod2/') && !file.path.endsWith('kustomization.yaml'));
    const prod2Removed = diff.folders.filter((folder) => folder.cluster === 'prod2').flatMap((folder) => folder.changes);
    expect(prod2Removed.every((change) => change.change === 'removed')).toBe(true);
    expect(prod2Removed).toHaveLength(prod2Documents.length);
    expect(diff.counts.added).toBe(0);
    // Elsewhere only what was about prod2 changes: its Grafana data sources, the CloudWatch
    // dashboard (no cluster sends to CloudWatch any more), the cluster list of dashboards.
    const elsewhere = diff.folders.filter((folder) => folder.cluster !== 'prod2');
    for (const folder of elsewhere) {
      for (const change of folder.changes) {
        const before = base.find((file) => file.path.startsWith(`${folder.cluster}/`) && (file.content.includes(`name: ${change.id.split('/').pop()}`) || file.path.endsWith(change.id)));
        expect({ id: change.id, aboutProd2: /prod2|cloudwatch/i.test(before?.content ?? '') }).toEqual({ id: change.id, aboutProd2: true });
      }
    }
  });

  test('text and Markdown name the base, each folder, each object and each changed field', () => {
    const head = renderForTest(echoFleet((fleet) => (fleet.teams['team-geordie'].apps.yelb.images = { echo: 'registry.example.com/echo:2.0.0' })));
    const diff = diffRenders(base, head);
    const text = formatText(diff, { base: 'dist/ at abc1234 (merge base with main)' });
    expect(text).toContain('Rendered diff against dist/ at abc1234 (merge base with main): 2 changed object(s) (1 distinct change).');
    // The same change on both clusters is shown once, under the list of clusters.
    expect(text).toContain(
      '\nsame change in 2 clusters: prod1, prod2\n  workloads/team-geordie/yelb\n    ~ Deployment geordie/yelb\n        .spec.template.spec.containers[name=echo].image: "registry.example.com/echo:1.0.0" -> "registry.example.com/echo:2.0.0"\n',
    );
    expect(text.match(/~ Deployment geordie\/yelb/g)).toHaveLength(1);
    const markdown = formatMarkdown(diff, { base: 'dist/ at abc1234' });
    expect(markdown).toContain('##### same change in 2 clusters: prod1, prod2');
    expect(markdown).toContain('- changed `Deployment geordie/yelb`\n  - `.spec.template.spec.containers[name=echo].image`: `"registry.example.com/echo:1.0.0"` → `"registry.example.com/echo:2.0.0"`');
    const cut = formatMarkdown(diff, { base: 'dist/ at abc1234' }, undefined, { maxLength: 700, fullDiff: 'the artifact rendered-diff' });
    expect(cut.length).toBeLessThanOrEqual(700);
    expect(cut).toContain("1 more change(s) left out to stay under GitHub's comment size limit; the full diff is in the artifact rendered-diff.");
  });
});

describe('npm run diff', () => {
  test('renders the working tree and reports against dist/ at the merge base, as text and Markdown', () => {
    // Apps need the real charts; a fleet without apps exercises the command on platform objects alone.
    const fleet = echoFleet((input) => (input.teams = {}));
    const root = mkdtempSync(join(tmpdir(), 'diff-cli-'));
    try {
      git(root, 'init', '-q', '-b', 'main');
      git(root, 'config', 'user.email', 'ci@example.com');
      git(root, 'config', 'user.name', 'CI');
      writeFiles(join(root, 'dist'), renderFleet(fleet));
      const fleetFile = join(root, 'fleet.yaml');
      writeFileSync(fleetFile, stringify(fleet));
      git(root, 'add', '.');
      git(root, 'commit', '-q', '-m', 'render');
      git(root, 'checkout', '-q', '-b', 'change');
      // Change the revision ArgoCD syncs: every Application's targetRevision follows.
      writeFileSync(fleetFile, stringify({ ...fleet, repository: { ...fleet.repository, revision: 'release' } }));
      const command = ['--repository', root, '--fleet', fleetFile];
      // Once as npm run diff starts it (its script in package.json, without npm); the other runs
      // call the same function in this process.
      const text = execFileSync(process.execPath, [...nodeArgumentsOf('diff'), ...command], { cwd: REPO_ROOT, encoding: 'utf8' });
      const run = (...args: string[]) => {
        const result = runInProcess(() => runDiff([...command, ...args]));
        expect(result).toMatchObject({ status: 0, stderr: '' });
        return result.stdout;
      };
      expect(run()).toBe(text);
      const total = Number(/^Rendered diff against dist\/ at [0-9a-f]+ \(merge base with main\): (\d+) changed object\(s\)/m.exec(text)?.[1]);
      const changed = text.split('\n').filter((line) => /^ {4}[~+>-] /.test(line));
      expect(total).toBeGreaterThanOrEqual(changed.length);
      expect(text).toContain(`(${changed.length} distinct changes)`);
      // Only changes, no object added or removed: the revision is a field of what exists.
      expect(changed.every((line) => line.startsWith('    ~ '))).toBe(true);
      // The same change on both clusters, shown once.
      expect(text).toMatch(/\nsame change in 2 clusters: prod1, prod2\n {2}bootstrap\n( {4,}.*\n)* {4}~ Application argocd\/platform-tenancy\n {8}\.spec\.source\.targetRevision: "main" -> "release"\n/);
      expect(text).toContain('AWS layer not compared: the working tree has no AWS layer');
      const markdown = run('--format', 'markdown', '--base', 'main');
      expect(markdown).toContain('Compared with dist/ at');
      expect(markdown).toContain(`(main): ${total} changed object(s) (${changed.length} distinct changes).`);
      expect(markdown).toContain('`.spec.source.targetRevision`: `"main"` → `"release"`');

      // --head compares committed dist/ trees: the uncommitted fleet change is not rendered.
      expect(run('--base', 'main', '--head', 'change')).toMatch(/^Rendered diff against dist\/ at [0-9a-f]+ \(main\), showing dist\/ as committed at [0-9a-f]+ \(change\): no rendered object changes\.$/m);
      writeFiles(join(root, 'dist'), renderFleet({ ...fleet, repository: { ...fleet.repository, revision: 'release' } }));
      git(root, 'commit', '-q', '-am', 'render the change');
      const committed = run('--base', 'main', '--head', 'change', '--fleet', join(root, 'no-such-fleet.yaml'));
      expect(committed).toContain(`(change): ${total} changed object(s) (${changed.length} distinct changes).`);
      expect(run('--help')).toContain('--base-assembly <folder>');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
