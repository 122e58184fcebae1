import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyException } from '../fleet/fleet-schema';
import { FleetError } from '../fleet/load-fleet';
import { writeFiles } from '../render/write-dist';
import { GATE_RULE_IDS, runGate } from '../validate/gate';
import { applyPolicyExceptions, GateFinding } from '../validate/policy-exceptions';
import { POLICY_RULES } from '../validate/policy-rules';
import { echoFleet, planted } from './support/planted-render';
import { renderForTest } from './support/rendered-tree';

const writableRoot: GateFinding = {
  file: 'dist/prod1/workloads/team-geordie/yelb/deployment-yelb.yaml',
  cluster: 'prod1',
  object: 'Deployment geordie/yelb',
  field: '/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem',
  message: 'must set readOnlyRootFilesystem: true',
  rule: 'container-read-only-root-filesystem',
};
const onProd2: GateFinding = { ...writableRoot, cluster: 'prod2', file: writableRoot.file?.replace('prod1', 'prod2') };
const reason = 'nginx in this image rewrites its configuration under /etc at start.';
const exception = (object: Partial<NonNullable<PolicyException['object']>>, rule = 'container-read-only-root-filesystem'): PolicyException => ({ rule, reason, object: { kind: 'Deployment', name: 'yelb', namespace: 'geordie', ...object } });
const apply = (findings: GateFinding[], exceptions: PolicyException[]) => applyPolicyExceptions(findings, exceptions, GATE_RULE_IDS, 'clusters/fleet.yaml');

describe('applying the fleet file\'s exceptions', () => {
  test('an exception accepts the finding it names, on every cluster unless it names one', () => {
    expect(apply([writableRoot, onProd2], [exception({})])).toEqual({ findings: [], accepted: [{ finding: writableRoot, exception: exception({}) }, { finding: onProd2, exception: exception({}) }] });
    const prod1Only = apply([writableRoot, onProd2], [exception({ cluster: 'prod1' })]);
    expect(prod1Only.findings).toEqual([onProd2]);
    expect(prod1Only.accepted.map(({ finding }) => finding)).toEqual([writableRoot]);
  });

  test('an exception for another rule, namespace or name accepts nothing, and is reported as unused', () => {
    for (const mismatch of [exception({}, 'pod-security-restricted'), exception({ namespace: 'other' }), exception({ name: 'yelb-ui' }), exception({ namespace: undefined })]) {
      const outcome = apply([writableRoot], [mismatch]);
      expect(outcome.accepted).toEqual([]);
      expect(outcome.findings).toEqual([writableRoot, expect.objectContaining({ rule: 'policy-exception-valid', file: 'clusters/fleet.yaml', field: '/policyExceptions/0', message: expect.stringContaining('matches no finding') })]);
    }
  });

  test('an exception naming a rule that does not exist is reported', () => {
    expect(apply([], [exception({}, 'pod-security-relaxed')]).findings).toEqual([expect.objectContaining({ rule: 'policy-exception-valid', message: expect.stringContaining('does not exist') })]);
  });

  test('schema problems cannot be excepted', () => {
    const schema: GateFinding = { ...writableRoot, rule: 'schema' };
    expect(apply([schema], [exception({}, 'schema')]).findings).toEqual([schema, expect.objectContaining({ rule: 'policy-exception-valid' })]);
  });

  test('an exception naming a file accepts findings about that file', () => {
    const secret: GateFinding = { file: 'docs/example.md', object: 'text matching jwt', field: 'line 3', message: 'looks like a JWT', rule: 'no-secrets-in-repository' };
    expect(apply([secret], [{ rule: 'no-secrets-in-repository', file: 'docs/example.md', reason: 'a published sample token from the JWT specification' }]).findings).toEqual([]);
  });

  test('every rule id is unique, so an exception names exactly one rule', () => {
    expect(new Set(GATE_RULE_IDS).size).toBe(GATE_RULE_IDS.length);
    expect(POLICY_RULES.every((rule) => /^[a-z0-9-]+$/.test(rule.id) && rule.description.length > 0)).toBe(true);
  });
});

describe('the exception list in the fleet file', () => {
  const withExceptions = (exceptions: unknown[]) => () => echoFleet((fleet) => (fleet.policyExceptions = exceptions as PolicyException[]));

  test('defaults to empty', () => {
    expect(echoFleet().policyExceptions).toEqual([]);
  });

  test.each<[string, unknown, string]>([
    ['without a reason', { rule: 'pod-security-restricted', object: { kind: 'Deployment', name: 'yelb' } }, 'policyExceptions.0.reason'],
    ['with a reason that says nothing', { rule: 'pod-security-restricted', object: { kind: 'Deployment', name: 'yelb' }, reason: 'needed' }, 'policyExceptions.0.reason'],
    ['naming both an object and a file', { rule: 'pod-security-restricted', object: { kind: 'Deployment', name: 'yelb' }, file: 'x', reason }, 'policyExceptions.0'],
    ['naming neither', { rule: 'pod-security-restricted', reason }, 'policyExceptions.0'],
    ['with an unknown key', { rule: 'pod-security-restricted', object: { kind: 'Deployment', name: 'yelb', label: 'x' }, reason }, 'policyExceptions.0.object.label'],
  ])('refuses an entry %s', (_title, entry, path) => {
    expect(withExceptions([entry])).toThrow(FleetError);
    try {
      withExceptions([entry])();
    } catch (error) {
      expect((error as FleetError).problems.map((problem) => problem.path.join('.'))).toContain(path);
    }
  });
});

describe('npm run validate as a whole', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gate-'));
    execFileSync('git', ['init', '-q'], { cwd: root });
    writeFileSync(join(root, 'README.md'), '# a repository\n');
    execFileSync('git', ['add', 'README.md'], { cwd: root });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('passes a clean render, and reports an exception that matches nothing', () => {
    const fleet = echoFleet();
    writeFiles(join(root, 'dist'), renderForTest(fleet));
    const gate = (exceptions: PolicyException[]) => runGate({ fleet: { ...fleet, policyExceptions: exceptions }, fleetFile: 'clusters/fleet.yaml', distDir: join(root, 'dist'), repositoryRoot: root });
    const clean = gate([]);
    expect({ findings: clean.findings, accepted: clean.accepted }).toEqual({ findings: [], accepted: [] });
    // What ran: every rendered object against one schema set or the other; no templates without a cloud assembly.
    expect(clean.summary.kubernetesSchemas + clean.summary.crdSchemas).toBe(clean.summary.objects);
    expect(clean.summary).toMatchObject({ templates: 0, templateRules: 0 });
    expect(gate([exception({})]).findings).toEqual([expect.objectContaining({ rule: 'policy-exception-valid', field: '/policyExceptions/0' })]);
  });

  test('reports a planted violation with its repository path, and accepts it when the fleet file says why', () => {
    const fleet = echoFleet();
    const writable = planted('Deployment', 'yelb', (deployment) => (deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false), 'prod2');
    const target = writable.find(({ cluster, object }) => cluster === 'prod2' && object.kind === 'Deployment' && object.metadata?.name === 'yelb');
    const files = renderForTest(fleet).map((file) => (file.path === target?.file ? { path: file.path, content: JSON.stringify(target.object) } : file));
    writeFiles(join(root, 'dist'), files);
    const gate = (exceptions: PolicyException[]) => runGate({ fleet: { ...fleet, policyExceptions: exceptions }, fleetFile: 'clusters/fleet.yaml', distDir: join(root, 'dist'), repositoryRoot: root });
    expect(gate([]).findings).toEqual([
      expect.objectContaining({ file: 'dist/prod2/workloads/team-geordie/yelb/deployment-yelb.yaml', cluster: 'prod2', object: 'Deployment geordie/yelb', rule: 'container-read-only-root-filesystem' }),
    ]);
    const accepted = gate([exception({ cluster: 'prod2' })]);
    expect(accepted.findings).toEqual([]);
    expect(accepted.accepted).toHaveLength(1);
  });
});
