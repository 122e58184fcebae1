import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { kubeTool } from '../../test/support/kube-tools';
import { argocdInstallation } from '../../../platform/gitops/argocd-installation';
import { bootstrapPath } from '../lib/fleet-names';
import { clusterParts, sharedTestFleetApp, SynthesizedFleet } from './synth-fleet';
import { kubernetesObjects } from './template-helpers';

/**
 * The Application eks-blueprints' ArgoCDAddOn creates must point at the bootstrap chart the
 * renderer writes to dist/<cluster>/bootstrap, and that chart must accept what it passes. The
 * shared test-fleet app reads the test fleet's own render in a repository-shaped temporary
 * folder, so the check holds for any fleet.
 */
let synthesized: SynthesizedFleet;
let repositoryRoot: string;
let distRoot: string;

beforeAll(async () => {
  synthesized = await sharedTestFleetApp();
  distRoot = synthesized.distRoot;
  repositoryRoot = dirname(distRoot);
}, 120_000);

interface BootstrapApplication {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly project: string;
    readonly source: { readonly repoURL: string; readonly path: string; readonly targetRevision: string; readonly helm: { readonly valueFiles: string[]; readonly parameters: { name: string; value: string }[] } };
  };
}

function bootstrapApplication(cluster: string): BootstrapApplication {
  const applications = kubernetesObjects(synthesized.template(clusterParts(synthesized, cluster).stack)).filter((object) => object.kind === 'Application');
  expect(applications).toHaveLength(1);
  return applications[0] as unknown as BootstrapApplication;
}

describe.each(['prod1', 'prod2'])('%s bootstrap', (cluster) => {
  it('is one Application reading dist/<cluster>/bootstrap of the fleet repository as a Helm chart', () => {
    const application = bootstrapApplication(cluster);
    expect(application.metadata.namespace).toBe('argocd');
    expect(application.spec.project).toBe('default');
    expect(application.spec.source).toMatchObject({
      repoURL: synthesized.fleet.repository.url,
      path: bootstrapPath(cluster),
      targetRevision: synthesized.fleet.repository.revision,
    });
    expect(application.spec.source.helm.valueFiles).toEqual(['values.yaml']);
    const parameters = Object.fromEntries(application.spec.source.helm.parameters.map((parameter) => [parameter.name, parameter.value]));
    expect(parameters).toMatchObject({ region: synthesized.fleet.accounts[synthesized.fleet.clusters[cluster].account].region, repoUrl: synthesized.fleet.repository.url, targetRevision: synthesized.fleet.repository.revision });
  });

  it('points at a rendered Helm chart in dist/ that accepts the parameters passed', () => {
    const application = bootstrapApplication(cluster);
    const chart = join(repositoryRoot, application.spec.source.path);
    expect(chart.startsWith(distRoot)).toBe(true);
    const missing = ['Chart.yaml', 'values.yaml', 'templates'].filter((entry) => !existsSync(join(chart, entry)));
    if (missing.length > 0) {
      throw new Error(`${application.spec.source.path} lacks ${missing.join(', ')}; run \`npm run synth\` to render dist/ (the bootstrap Application would find no chart)`);
    }
    const chartYaml = parse(readFileSync(join(chart, 'Chart.yaml'), 'utf8')) as { apiVersion?: string; name?: string; version?: string };
    expect(chartYaml).toMatchObject({ apiVersion: 'v2' });
    expect(chartYaml.name).toBeTruthy();
    expect(chartYaml.version).toBeTruthy();
    const templates = readdirSync(join(chart, 'templates')).filter((file) => /\.ya?ml$/.test(file));
    expect(templates.length).toBeGreaterThan(0);
    for (const file of templates) {
      // Helm templates every file; the rendered chart is plain YAML and must stay so.
      expect(readFileSync(join(chart, 'templates', file), 'utf8')).not.toContain('{{');
    }
    const schemaFile = join(chart, 'values.schema.json');
    if (existsSync(schemaFile)) {
      const values: Record<string, unknown> = parse(readFileSync(join(chart, 'values.yaml'), 'utf8')) ?? {};
      for (const parameter of application.spec.source.helm.parameters) {
        values[parameter.name] = parameter.value;
      }
      const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
      expect(validate(values) ? [] : validate.errors).toEqual([]);
    }
  });
});

describe.each(['prod1', 'prod2'])('%s ArgoCD installation', (cluster) => {
  function argocdValues(): { extraObjects: unknown[]; configs: { cm: Record<string, string> } } {
    const template = synthesized.template(clusterParts(synthesized, cluster).stack);
    const charts = Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart')).filter(
      (resource) => (resource as { Properties: { Chart?: string } }).Properties.Chart === 'argo-cd',
    );
    expect(charts).toHaveLength(1);
    const values = (charts[0] as { Properties: { Values: unknown } }).Properties.Values;
    return JSON.parse(typeof values === 'string' ? values : JSON.stringify(values));
  }

  it('starts with the same locked-down default project the bootstrap chart renders', () => {
    const rendered = parse(readFileSync(join(distRoot, cluster, 'bootstrap', 'templates', 'appproject-default.yaml'), 'utf8'));
    expect(argocdValues().extraObjects).toEqual([rendered]);
  });

  it('installs the chart with exactly the values npm run conformance renders it with', () => {
    expect(argocdValues()).toEqual(argocdInstallation(synthesized.fleet.repository.url).values);
  });

  it('registers the AppProject kind before the argo-cd release, as an object that release adopts, so the locked default project can be in the release', () => {
    const template = synthesized.template(clusterParts(synthesized, cluster).stack);
    const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;
    const [, chart] = Object.entries(resources).find(([, resource]) => resource.Type === 'Custom::AWSCDK-EKS-HelmChart' && resource.Properties.Chart === 'argo-cd') ?? [];
    const kinds = Object.entries(resources).filter(
      ([, resource]) => resource.Type === 'Custom::AWSCDK-EKS-KubernetesResource' && JSON.stringify(resource.Properties.Manifest).includes('appprojects.argoproj.io'),
    );
    expect(kinds).toHaveLength(1);
    const [kindId] = kinds[0];
    // Applied before the chart is installed.
    expect(chart?.DependsOn ?? []).toContain(kindId);
    const crd = kubernetesObjects(template).find((object) => object.kind === 'CustomResourceDefinition') as { metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> }; spec: { group: string; names: { kind: string } } };
    expect(crd.metadata.name).toBe('appprojects.argoproj.io');
    expect({ group: crd.spec.group, kind: crd.spec.names.kind }).toEqual({ group: 'argoproj.io', kind: 'AppProject' });
    // Helm adopts an existing object only when it carries the release's ownership metadata.
    expect(crd.metadata.labels['app.kubernetes.io/managed-by']).toBe('Helm');
    expect(crd.metadata.annotations).toEqual({ 'meta.helm.sh/release-name': chart?.Properties.Release, 'meta.helm.sh/release-namespace': chart?.Properties.Namespace });
  });

  it('assesses the health of child Applications, so sync waves of the app-of-apps wait for them', () => {
    expect(argocdValues().configs.cm['resource.customizations.health.argoproj.io_Application']).toMatch(/obj\.status\.health\.status/);
  });

  it('passes parameters that helm template accepts with the rendered chart, changing none of its objects', () => {
    const application = bootstrapApplication(cluster);
    const chart = join(repositoryRoot, application.spec.source.path);
    const parameters = application.spec.source.helm.parameters.flatMap((parameter) => ['--set-string', `${parameter.name}=${parameter.value}`]);
    const output = execFileSync(kubeTool('helm'), ['template', 'bootstrap', chart, '--namespace', 'argocd', '--values', join(chart, 'values.yaml'), ...parameters], { encoding: 'utf8' });
    const rendered = parseAllDocuments(output).map((document) => document.toJS()).filter((object) => object !== null);
    const templates = readdirSync(join(chart, 'templates')).map((file) => parse(readFileSync(join(chart, 'templates', file), 'utf8')));
    expect(rendered).toHaveLength(templates.length);
    expect(rendered).toEqual(expect.arrayContaining(templates));
  });
});
