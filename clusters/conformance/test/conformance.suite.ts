import { execFileSync } from 'node:child_process';
import { UsageError } from '../../command-line';
import { fleetWith, REPO_ROOT } from '../../test/support/fleet-fixtures';
import { runInProcess } from '../../test/support/in-process-command';
import { nodeArgumentsOf } from '../../test/support/npm-script';
import { argocdInstallation } from '../../../platform/gitops/argocd-installation';
import { referenceProblem } from '../checks/image-references';
import { ClusterFacts, HelmRelease } from '../helm-release';
import { CONFORMANCE_CHECKS } from '../checks';
import { main } from '../cli';
import { ConformanceResult, runConformance } from '../run-conformance';
import { chartsFolder, DEPLOYMENT_TEMPLATE, FixtureChart, fixtureCluster, fixtureRelease, HARDENED_VALUES } from './fixture-charts';

const fleet = fleetWith();

const APP: FixtureChart = { name: 'app', version: '1.0.0', values: HARDENED_VALUES, templates: { 'deployment.yaml': DEPLOYMENT_TEMPLATE } };

/** Runs the conformance checks over fixture charts written to a temporary folder. */
function conform(charts: readonly FixtureChart[], releases: readonly HelmRelease[], cluster: ClusterFacts = fixtureCluster()): ConformanceResult {
  const written = chartsFolder(charts);
  try {
    return runConformance({ fleet, releases, clusters: [cluster], chartsFolder: written.folder });
  } finally {
    written.cleanUp();
  }
}

function firing(result: ConformanceResult): string[] {
  return [...new Set(result.findings.map((finding) => finding.rule))].sort();
}

describe('a clean fixture chart', () => {
  it('is verified and passes every check', () => {
    const result = conform([APP], [fixtureRelease(APP, { values: { image: { tag: 'v1.0.1' } } })]);
    expect(result.findings).toEqual([]);
    expect(result.verified).toEqual(['app 1.0.0']);
    expect(result.notVerified).toEqual([]);
  });
});

describe('image references', () => {
  it('catches a registry written twice, as a chart joining registry and repository renders it', () => {
    const result = conform([APP], [fixtureRelease(APP, { values: { image: { repository: 'ghcr.io/example/app' } } })]);
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'conformance-image-reference', field: '/spec/template/spec/containers/0/image', message: expect.stringContaining('ghcr.io/ghcr.io/example/app:v1.0.0') })]);
  });

  it('catches a floating tag', () => {
    expect(firing(conform([APP], [fixtureRelease(APP, { values: { image: { tag: 'latest' } } })]))).toEqual(['conformance-image-reference']);
  });

  it('accepts registries with ports and digests, and refuses malformed references', () => {
    expect(referenceProblem('registry.k8s.io/kubectl:v1.35.0')).toBeUndefined();
    expect(referenceProblem('localhost:5000/team/app@sha256:' + 'a'.repeat(64))).toBeUndefined();
    expect(referenceProblem('busybox:1.37.0')).toBeUndefined();
    expect(referenceProblem('public.ecr.aws/public.ecr.aws/app:1')).toMatch(/registry twice/);
    expect(referenceProblem('Example/App:1')).toMatch(/not a well-formed/);
  });
});

describe('values keys', () => {
  const withSchema: FixtureChart = {
    ...APP,
    name: 'schema-app',
    values: { ...HARDENED_VALUES, config: { create: true, mode: 'a' }, extraEnv: {} },
    templates: {
      'deployment.yaml': DEPLOYMENT_TEMPLATE,
      'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\ndata:\n  {{- range $key, $value := omit .Values.config "create" }}\n  {{ $key }}: {{ $value | quote }}\n  {{- end }}\n',
    },
    schema: { type: 'object', properties: { image: { type: 'object', additionalProperties: false, properties: { registry: {}, repository: {}, tag: {} } }, labels: { type: 'object', additionalProperties: { type: 'string' } } } },
  };

  it('catches a key the chart does not have', () => {
    const result = conform([APP], [fixtureRelease(APP, { values: { image: { repositry: 'example/app' } } })]);
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'conformance-values-key', field: '/image/repositry' })]);
  });

  it('accepts keys below free-form maps, maps a template renders wholesale and maps the schema leaves open', () => {
    const values = { podSecurityContext: { fsGroup: 1000 }, extraEnv: { LEVEL: 'debug' }, config: { 'any.key': 'x' }, labels: { team: 'a' } };
    expect(conform([withSchema], [fixtureRelease(withSchema, { values })]).findings).toEqual([]);
  });

  it('reports values the chart refuses (here its schema closes image) as a finding, not a crash', () => {
    const result = conform([withSchema], [fixtureRelease(withSchema, { values: { image: { digest: 'sha256:1' } } })]);
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'conformance-helm-template', message: expect.stringContaining("additional properties 'digest' not allowed") })]);
  });
});

describe('custom resources and their CRDs', () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets }
  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }]
`;
  const widget = (annotations = '{}') => `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: default\n  annotations: ${annotations}\n`;
  const chart = (widgetTemplate: string): FixtureChart => ({ name: 'widgets', version: '2.0.0', values: {}, templates: { 'crds/widgets.yaml': crd, 'widget.yaml': widgetTemplate } });

  it('catches a custom resource in the release that installs its CRD from templates/', () => {
    const widgets = chart(widget());
    const result = conform([widgets], [fixtureRelease(widgets)]);
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'conformance-crd-in-same-release', object: 'Widget default' })]);
  });

  it('accepts it when the kind is registered before the release, or when it is a post-install hook', () => {
    const widgets = chart(widget());
    expect(conform([widgets], [fixtureRelease(widgets, { kindsEstablishedBefore: ['example.com/Widget'] })]).findings).toEqual([]);
    const hooked = chart(widget('{ "helm.sh/hook": "post-install,post-upgrade" }'));
    expect(conform([hooked], [fixtureRelease(hooked)]).findings).toEqual([]);
  });
});

describe('project scope and namespaces', () => {
  const spread: FixtureChart = {
    name: 'spread',
    version: '0.1.0',
    values: {},
    templates: {
      'role.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: spread\nrules: []\n',
      'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: elsewhere\n  namespace: other\n',
    },
  };

  it('catches cluster-scoped kinds the project does not list, and namespaces it has no destination for', () => {
    const project = { name: 'team-a', destinations: [{ namespace: 'apps', server: 'https://kubernetes.default.svc' }], clusterResourceWhitelist: [] };
    const result = conform([spread], [fixtureRelease(spread, { project })], fixtureCluster({ apps: 'restricted', other: 'restricted' }));
    expect(result.findings.map((finding) => [finding.object, finding.field]).sort()).toEqual([
      ['ClusterRole spread', '/kind'],
      ['ConfigMap other/elsewhere', '/metadata/namespace'],
    ]);
  });

  it('catches an object landing in a namespace nothing creates', () => {
    const result = conform([spread], [fixtureRelease(spread, { project: { name: 'platform', destinations: [{ namespace: '*' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] } })]);
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'conformance-project-scope', object: 'ConfigMap other/elsewhere', message: expect.stringContaining('neither the render') })]);
  });

  it('catches kinds the project denies in its namespaces', () => {
    const project = { name: 'team-a', destinations: [{ namespace: '*' }], namespaceResourceBlacklist: [{ group: '', kind: 'ConfigMap' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] };
    const result = conform([spread], [fixtureRelease(spread, { project })], fixtureCluster({ apps: 'restricted', other: 'restricted' }));
    expect(result.findings).toEqual([expect.objectContaining({ object: 'ConfigMap other/elsewhere', message: 'project team-a does not allow core/ConfigMap' })]);
  });
});

describe('Pod Security of the namespace a pod lands in', () => {
  // Helm merges maps into the chart's defaults; null removes them.
  const loose = { podSecurityContext: null, securityContext: null };

  it('catches a pod that a restricted namespace would refuse', () => {
    const result = conform([APP], [fixtureRelease(APP, { values: loose })]);
    expect(firing(result)).toEqual(['conformance-pod-security']);
    expect(result.findings[0].message).toMatch(/namespace apps enforces restricted/);
  });

  it('accepts the same pod in a privileged namespace', () => {
    expect(conform([APP], [fixtureRelease(APP, { values: loose })], fixtureCluster({ apps: 'privileged' })).findings).toEqual([]);
  });
});

describe('scrape targets', () => {
  const exporter: FixtureChart = {
    name: 'exporter',
    version: '3.0.0',
    values: { portName: 'http' },
    templates: { 'service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: exporter\n  labels:\n    app.kubernetes.io/name: exporter\n    app.kubernetes.io/instance: {{ .Release.Name }}\nspec:\n  ports:\n    - name: {{ .Values.portName }}\n      port: 8080\n' },
  };
  const job = { job: 'exporter', namespace: 'apps', serviceLabels: { app_kubernetes_io_name: 'exporter', app_kubernetes_io_instance: 'exporter' }, portName: 'metrics' };

  it('catches a job whose port name the chart does not render', () => {
    const result = conform([exporter], [fixtureRelease(exporter)], fixtureCluster({ apps: 'restricted' }, [job]));
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'conformance-scrape-target', object: 'scrape job exporter', message: expect.stringContaining('ports [http]') })]);
  });

  it('accepts a Service with the labels and port name the job selects', () => {
    expect(conform([exporter], [fixtureRelease(exporter, { values: { portName: 'metrics' } })], fixtureCluster({ apps: 'restricted' }, [job])).findings).toEqual([]);
  });
});

describe('charts missing from the folder', () => {
  it('are reported as not verified, by name and where they are installed, never passed silently', () => {
    const absent = fixtureRelease({ ...APP, name: 'absent', version: '9.9.9' });
    const result = conform([APP], [fixtureRelease(APP), absent]);
    expect(result.verified).toEqual(['app 1.0.0']);
    expect(result.notVerified).toEqual([{ chart: 'absent', version: '9.9.9', repoUrl: 'https://charts.example.com', origins: ['dist/test/platform/absent'] }]);
  });
});

/** In this process; clusters/test/command-line.suite.ts starts the command's own process. */
describe('npm run conformance', () => {
  const cli = (...args: string[]) => runInProcess(() => main(args));

  it('answers --help with every check', () => {
    const result = cli('--help');
    expect(result.status).toBe(0);
    for (const check of CONFORMANCE_CHECKS) expect(result.stdout).toContain(`  ${check.id}: `);
  });

  it('refuses to run without a charts folder, with its usage', () => {
    let refused: unknown;
    try {
      cli();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(UsageError);
    expect(refused).toMatchObject({ message: 'missing charts folder', usage: expect.stringMatching(/^Usage: npm run conformance -- <charts folder>/) });
  });

  it('lists every chart of the example render as not verified when the folder holds none of them, and passes', () => {
    const empty = chartsFolder([]);
    try {
      const result = cli(empty.folder);
      expect(result.status).toBe(0);
      for (const chart of ['argo-cd 9.5.14', 'grafana-operator 5.24.0', 'cert-manager v1.21.2']) expect(result.stdout).toContain(`not verified: ${chart}`);
    } finally {
      empty.cleanUp();
    }
  });
});

/**
 * The real upstream charts are not part of the repository; CI passes their folder. Set
 * CONFORMANCE_CHARTS=<charts folder> to run this against them here.
 */
const realCharts = process.env.CONFORMANCE_CHARTS;
(realCharts ? describe : describe.skip)(`the committed render against the real charts (skipped unless CONFORMANCE_CHARTS names a charts folder)`, () => {
  it('conforms', () => {
    // As `npm run conformance -- <folder>` starts it, without npm.
    const output = execFileSync(process.execPath, [...nodeArgumentsOf('conformance'), realCharts ?? ''], { encoding: 'utf8', cwd: REPO_ROOT });
    expect(output).toMatch(/chart\(s\) conform/);
  });

  it('would refuse the ArgoCD installation if the AppProject kind were not registered before its release', () => {
    const installation = argocdInstallation(fleet.repository.url);
    const release: HelmRelease = { origin: 'AWS layer', cluster: 'test', releaseName: installation.releaseName, namespace: installation.namespace, chart: installation.chart, version: installation.version, repoUrl: installation.repoUrl, values: installation.values, kindsEstablishedBefore: [] };
    const result = runConformance({ fleet, releases: [release], clusters: [fixtureCluster({ argocd: 'privileged' })], chartsFolder: realCharts ?? '' });
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'conformance-crd-in-same-release', object: 'AppProject argocd/default' })]);
  });
});
