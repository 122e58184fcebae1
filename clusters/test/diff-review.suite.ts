import { stringify } from 'yaml';
import { syntheticFleet } from '../../bench/synthetic-fleet';
import { formatMarkdown, formatText } from '../diff/format-diff';
import { describeClusters, groupChanges } from '../diff/group-changes';
import { diffRenders, RenderDiff } from '../diff/render-diff';
import { parseFleet } from '../fleet/load-fleet';
import { FleetInput } from '../fleet/fleet-schema';
import { echoFleet } from './support/planted-render';
import { renderForTest } from './support/rendered-tree';

/** How the rendered diff reads in review: grouped across clusters, isolation first, bounded. */

function fleetOf(input: FleetInput) {
  return parseFleet(stringify(input), 'fleet.yaml');
}

describe('changes identical on several clusters', () => {
  const input = (): FleetInput => {
    const fleet = syntheticFleet({ clusters: 8, teams: 1, appsPerTeam: 1, charts: ['echo'] });
    // The fleet refuses a cluster whose account holds no human principal: one platform role in each.
    const clusterAccounts = [...new Set(Object.values(fleet.clusters).map((cluster) => fleet.accounts[cluster.account].id))];
    return { ...fleet, platformTeam: { principals: clusterAccounts.map((id) => `arn:aws:iam::${id}:role/PlatformAdmins`) } };
  };
  const base = renderForTest(fleetOf(input()));

  test('an image bump on every cluster is shown once with the cluster list; a change on one cluster under that cluster', () => {
    const changed = input();
    changed.teams['team-01'].apps.echo.images = { echo: 'registry.example.com/echo:9.9.9' };
    changed.clusters.c0003.traces = { replicas: 7 };
    const diff = diffRenders(base, renderForTest(fleetOf(changed)));
    const bumped = groupChanges(diff).filter((group) => group.change.fields.some((field) => field.after === 'registry.example.com/echo:9.9.9'));
    expect(bumped.map((group) => group.clusters.length)).toEqual([8]);
    const text = formatText(diff, { base: 'dist/ at main' });
    expect(text.match(/registry\.example\.com\/echo:9\.9\.9/g)).toHaveLength(1);
    expect(text).toContain('\nsame change in 8 clusters: c0001 ... c0008 (every cluster)\n  workloads/team-01/echo\n    ~ Deployment team-01/echo\n');
    // Only c0003's traces collector changes: its section is headed by its name alone.
    expect(text).toContain('\nc0003\n  platform/collectors\n    ~ OpenTelemetryCollector observability/traces\n        .spec.replicas: 2 -> 7\n');
    expect(text.split('\n').filter((line) => /^(same change|c\d{4}$)/.test(line))).toEqual(['same change in 8 clusters: c0001 ... c0008 (every cluster)', 'c0003']);
  });
});

describe('describing a set of clusters', () => {
  const all = Array.from({ length: 200 }, (_, index) => `prod${String(index + 1).padStart(3, '0')}`);
  test.each([
    [all, 'same change in 200 clusters: prod001 ... prod200 (every cluster)', undefined],
    [all.filter((name) => name !== 'prod137'), 'same change in 199 clusters: prod001 ... prod200 (every cluster but prod137)', undefined],
    [['prod001', 'prod002'], 'same change in 2 clusters: prod001, prod002', undefined],
    [['prod007'], 'prod007', undefined],
  ])('%#', (clusters, title, fullList) => {
    expect(describeClusters(clusters, all)).toEqual({ title, ...(fullList ? { fullList } : {}) });
  });

  test('a set that is neither small nor nearly every cluster carries its full list', () => {
    const odd = all.filter((_, index) => index % 2 === 0);
    expect(describeClusters(odd, all)).toEqual({ title: 'same change in 100 clusters: prod001 ... prod199', fullList: odd.join(', ') });
  });
});

describe('isolation changes and added objects', () => {
  const base = renderForTest(echoFleet());
  /** The render with a new team, team-riker, running echo on prod1. */
  const withNewTeam = () =>
    renderForTest(
      echoFleet((fleet) => {
        fleet.teams['team-riker'] = { namespace: 'riker', principals: ['arn:aws:iam::222222222222:role/RikerDevelopers'], apps: { echo: { chart: 'echo', clusters: ['prod1'] } } };
      }),
    );

  test('a new team puts its RBAC, NetworkPolicies and AppProject first, each shown in full', () => {
    const diff = diffRenders(base, withNewTeam());
    const text = formatText(diff, { base: 'dist/ at main' });
    const review = text.indexOf('== Review first: RBAC, NetworkPolicy, AppProject and admission changes');
    const rest = text.indexOf('== Kubernetes objects');
    expect(review).toBeGreaterThan(0);
    expect(rest).toBeGreaterThan(review);
    const first = text.slice(review, rest);
    const flagged = groupChanges(diff).filter((group) => group.concern);
    expect(new Set(flagged.map((group) => group.concern))).toEqual(new Set(['RBAC', 'NetworkPolicy', 'AppProject', 'admission']));
    // The team admission policies' bindings now also select the new team's namespace.
    const admission = flagged.filter((group) => group.concern === 'admission');
    expect(admission.map((group) => group.change.kind)).toEqual(admission.map(() => 'ValidatingAdmissionPolicyBinding'));
    for (const group of admission) expect(group.change.fields?.map((field) => field.after)).toContain('riker');
    const symbol = { added: '+', removed: '-', changed: '~', moved: '>' };
    for (const group of flagged) expect(first).toContain(`${symbol[group.change.change]} ${group.change.id}  [${group.concern}]`);
    // The RoleBinding is shown with what it grants and to whom.
    const binding = flagged.find((group) => group.change.kind === 'RoleBinding');
    expect(binding).toBeDefined();
    const content = binding?.change.content as { roleRef: { name: string }; subjects: { name: string }[] };
    expect(first).toContain(`name: ${content.roleRef.name}`);
    for (const subject of content.subjects) expect(first).toContain(`name: ${subject.name}`);
    // Nothing flagged is repeated below, and nothing unflagged is listed first.
    for (const group of flagged) expect(text.slice(rest)).not.toContain(group.change.id);
    expect(first).not.toMatch(/\+ Deployment/);
  });

  test('in a comment, an added object of more than 40 lines is folded under its line count', () => {
    const diff = diffRenders(base, withNewTeam());
    const markdown = formatMarkdown(diff, { base: 'dist/ at main' });
    // Objects flagged for review are shown open whatever their length.
    const lengths = groupChanges(diff)
      .filter((group) => !group.concern && group.change.content !== undefined)
      .map((group) => stringify(group.change.content, { lineWidth: 0 }).trimEnd().split('\n').length);
    const folded = [...markdown.matchAll(/<details><summary>(\d+) lines<\/summary>/g)].map((match) => Number(match[1]));
    expect(folded.length).toBeGreaterThan(0);
    const byLength = (a: number, b: number) => a - b;
    expect(folded.sort(byLength)).toEqual(lengths.filter((length) => length > 40).sort(byLength));
  });

  test('a removed object is shown in full too', () => {
    const head = renderForTest(echoFleet((fleet) => (fleet.teams['team-geordie'].apps.yelb.clusters = ['prod1'])));
    const text = formatText(diffRenders(base, head), { base: 'dist/ at main' });
    expect(text).toMatch(/- Deployment geordie\/yelb\n {8}apiVersion: apps\/v1\n {8}kind: Deployment\n/);
  });
});

describe('the Markdown comment stays under the size GitHub accepts', () => {
  /** A diff with `count` distinct added objects of about 2 KB each, one per cluster. */
  function largeDiff(count: number): RenderDiff {
    const folders = Array.from({ length: count }, (_, index) => ({
      cluster: `c${String(index).padStart(4, '0')}`,
      folder: 'platform/example',
      changes: [{ change: 'added' as const, id: `ConfigMap example/settings-${index}`, fields: [], kind: 'ConfigMap', group: '', content: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `settings-${index}` }, data: { text: 'x'.repeat(2000) } } }],
    }));
    return { folders, clusters: folders.map((folder) => folder.cluster), counts: { added: count, removed: 0, changed: 0, moved: 0 } };
  }

  test.each([10, 500, 3000])('%i distinct changes: within the limit, and every change left out is counted', (count) => {
    const markdown = formatMarkdown(largeDiff(count), { base: 'dist/ at main' }, undefined, { fullDiff: 'the job summary' });
    expect(markdown.length).toBeLessThanOrEqual(60_000);
    const shown = (markdown.match(/^- added /gm) ?? []).length;
    const note = /_(\d+) more change\(s\) left out to stay under GitHub's comment size limit; the full diff is in the job summary\._/.exec(markdown);
    expect(shown + Number(note?.[1] ?? 0)).toBe(count);
    if (shown < count) expect(note).not.toBeNull();
  });
});
