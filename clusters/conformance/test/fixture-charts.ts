import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { ClusterFacts, HelmRelease, ScrapeJobSelector } from '../helm-release';
import type { PodSecurityLevel } from '../../../charts/team-namespace';

/** A small Helm chart written for a test: its values.yaml and templates, by file name. */
export interface FixtureChart {
  readonly name: string;
  readonly version: string;
  readonly values: Record<string, unknown>;
  readonly templates: Readonly<Record<string, string>>;
  readonly schema?: Record<string, unknown>;
}

/** Writes charts into a fresh folder (as `<name>-<version>/`), the way the shared charts folder holds them. */
export function chartsFolder(charts: readonly FixtureChart[]): { readonly folder: string; cleanUp(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'conformance-charts-'));
  for (const chart of charts) {
    const root = join(folder, `${chart.name}-${chart.version}`);
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('Chart.yaml', stringify({ apiVersion: 'v2', name: chart.name, version: chart.version }));
    write('values.yaml', stringify(chart.values));
    if (chart.schema) write('values.schema.json', JSON.stringify(chart.schema));
    for (const [file, text] of Object.entries(chart.templates)) write(join('templates', file), text);
  }
  return { folder, cleanUp: () => rmSync(folder, { recursive: true, force: true }) };
}

/** A hardened Deployment template whose image the chart composes from registry and repository, as many charts do. */
export const DEPLOYMENT_TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  selector:
    matchLabels: { app: {{ .Release.Name }} }
  template:
    metadata:
      labels: { app: {{ .Release.Name }} }
    spec:
      securityContext: {{ toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: app
          image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          securityContext: {{ toYaml .Values.securityContext | nindent 12 }}
`;

export const HARDENED_VALUES = {
  image: { registry: 'ghcr.io', repository: 'example/app', tag: 'v1.0.0' },
  podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
};

/** A release of a fixture chart into namespace `apps`, by the platform project unless told otherwise. */
export function fixtureRelease(chart: FixtureChart, change: Partial<HelmRelease> = {}): HelmRelease {
  return {
    origin: `dist/test/platform/${chart.name}`,
    cluster: 'test',
    releaseName: chart.name,
    namespace: 'apps',
    chart: chart.name,
    version: chart.version,
    repoUrl: 'https://charts.example.com',
    values: {},
    project: { name: 'platform', destinations: [{ namespace: 'apps', server: 'https://kubernetes.default.svc' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] },
    kindsEstablishedBefore: [],
    ...change,
  };
}

export function fixtureCluster(namespaces: Readonly<Record<string, PodSecurityLevel>> = { apps: 'restricted' }, scrapeJobs: readonly ScrapeJobSelector[] = []): ClusterFacts {
  return { name: 'test', kubernetesVersion: '1.35', namespaces: new Map(Object.entries(namespaces)), scrapeJobs };
}
