import { CrdSchemas } from '../../../clusters/validate/crd-schemas';
import { isCoreKind, validateCoreObject } from '../../../clusters/validate/core-schemas';
import { GRAFANA_FACTS } from '../../cluster-facts';
import { PLATFORM_NAMESPACES } from '../../platform-namespaces';
import { SYNC_WAVES } from '../../sync-waves';
import { DATA_SOURCE_ROLE_NAMES } from '../data-source-roles';
import { DATA_SOURCE_TYPES, dataSourceType } from '../data-source-types';
import { GRAFANA_OPERATOR_CHART } from '../grafana-operator';
import { exampleFleet, grafanaLeaves, grafanaObjects, withAccountIds } from './fixtures';

type Spec = Record<string, unknown> & {
  instanceSelector?: { matchLabels?: Record<string, string> };
  uid?: string;
  datasource?: { type: string; url?: string; uid?: string; jsonData: Record<string, unknown> };
  valuesFrom?: { targetPath: string; valueFrom: { configMapKeyRef?: { name: string; key: string } } }[];
  folderRef?: string;
};
const spec = (object: object) => ((object as { spec?: unknown }).spec ?? {}) as Spec;

const fleet = exampleFleet();
const objects = grafanaObjects(fleet);
const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);

describe('grafana component', () => {
  it('renders only on the Grafana manager cluster: the operator first, its resources a wave later', () => {
    for (const cluster of Object.keys(fleet.clusters)) {
      const leaves = grafanaLeaves(fleet, cluster);
      if (cluster !== fleet.grafana.managerCluster) {
        expect(leaves).toEqual([]);
        continue;
      }
      const operator = leaves.find(({ leaf }) => leaf.path === 'platform/grafana-operator');
      const resources = leaves.find(({ leaf }) => leaf.path === 'platform/grafana');
      expect(operator?.leaf.sync.wave).toBe(SYNC_WAVES.grafanaOperator);
      expect(resources?.leaf.sync.wave).toBe(SYNC_WAVES.grafanaResources);
      expect(SYNC_WAVES.grafanaResources).toBeGreaterThan(SYNC_WAVES.grafanaOperator);
      expect(resources?.leaf.sync.syncOptions).toContain('SkipDryRunOnMissingResource=true');
    }
  });

  it('installs grafana-operator as a Helm Application pinned to the version of the CRDs it is validated against', () => {
    const [operator] = grafanaLeaves(fleet, fleet.grafana.managerCluster).filter(({ leaf }) => leaf.path === 'platform/grafana-operator');
    const application = operator.objects.find((object) => object.kind === 'Application');
    const source = (application?.spec as { source: { chart: string; targetRevision: string; helm: { valuesObject: { image: { tag: string } } } } }).source;
    expect(source.chart).toBe(GRAFANA_OPERATOR_CHART.chart);
    expect(source.targetRevision).toMatch(/^\d+\.\d+\.\d+$/);
    expect(source.helm.valuesObject.image.tag).toBe(`v${source.targetRevision}`);
  });

  it('renders objects that validate against the grafana-operator CRDs and the Kubernetes schemas', () => {
    const schemas = CrdSchemas.bundled();
    const problems = objects.flatMap((object) => (isCoreKind(object) ? validateCoreObject(object) : schemas.validate(object)));
    expect(problems).toEqual([]);
    expect(ofKind('Grafana')).toHaveLength(1);
    expect(ofKind('GrafanaFolder')).toHaveLength(1);
  });

  it('catches a planted schema violation (the validation is not vacuous)', () => {
    const schemas = CrdSchemas.bundled();
    const [dashboard] = ofKind('GrafanaDashboard');
    const broken = { ...dashboard, spec: { ...spec(dashboard), folderRefTypo: 'x' } };
    expect(schemas.validate(broken).length).toBeGreaterThan(0);
  });

  it('selects the one Grafana instance from every folder, data source and dashboard, in the operator namespace', () => {
    const [instance] = ofKind('Grafana');
    const labels = (instance.metadata as { labels?: Record<string, string> }).labels ?? {};
    const dependents = objects.filter((object) => ['GrafanaFolder', 'GrafanaDatasource', 'GrafanaDashboard'].includes(object.kind));
    expect(dependents.length).toBeGreaterThan(0);
    for (const object of [...dependents, instance]) {
      expect(object.metadata.namespace).toBe(PLATFORM_NAMESPACES.grafanaOperator);
    }
    for (const object of dependents) {
      const selector = spec(object).instanceSelector?.matchLabels ?? {};
      expect(Object.keys(selector).length).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(selector)) expect(labels[key]).toBe(value);
    }
  });

  it('gives every Grafana object a stable, unique UID and puts every dashboard in the folder by reference', () => {
    const uids = objects.filter((object) => object.kind.startsWith('Grafana') && object.kind !== 'Grafana').map((object) => `${object.kind}/${spec(object).uid}`);
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) expect(uid).toMatch(/\/[a-zA-Z0-9_-]{1,40}$/);
    const [folder] = ofKind('GrafanaFolder');
    for (const dashboard of ofKind('GrafanaDashboard')) {
      expect(spec(dashboard).folderRef).toBe(folder.metadata.name);
      expect(JSON.parse(String(spec(dashboard).json)).uid).toBe(spec(dashboard).uid);
    }
  });

  it('points the Grafana instance at the workspace URL the AWS layer writes, through the URL job, and ArgoCD leaves that field alone', () => {
    const [instance] = ofKind('Grafana');
    const external = (spec(instance) as { external: { url: string; apiKey: { name: string; key: string } } }).external;
    expect(external.apiKey.name).toBeTruthy();
    expect(ofKind('Secret')).toEqual([]);
    const job = ofKind('Job')[0] as unknown as {
      spec: { template: { spec: { containers: { args: string[]; env: { name: string; valueFrom?: { configMapKeyRef: { name: string; key: string } } }[] }[] } } };
    };
    const container = job.spec.template.spec.containers[0];
    const urlEnv = container.env.find((env) => env.valueFrom?.configMapKeyRef.key === GRAFANA_FACTS.keys.workspaceUrl);
    expect(urlEnv?.valueFrom?.configMapKeyRef.name).toBe(GRAFANA_FACTS.name);
    expect(container.args).toContain(instance.metadata.name);
    expect(container.args.join(' ')).toContain(`$(${urlEnv?.name})`);
    const resources = grafanaLeaves(fleet, fleet.grafana.managerCluster).find(({ leaf }) => leaf.path === 'platform/grafana');
    expect(resources?.leaf.sync.syncOptions).toContain('RespectIgnoreDifferences=true');
    expect(resources?.leaf.sync.ignoreDifferences).toEqual([{ group: 'grafana.integreatly.org', kind: 'Grafana', jsonPointers: ['/spec/external/url'] }]);
  });

  describe('data sources', () => {
    const sources = ofKind('GrafanaDatasource').map((object) => spec(object));
    const ofType = (type: string) => sources.filter((source) => source.datasource?.type === type);
    const account = (name: string) => fleet.accounts[name].id;

    it('has AMP with SigV4 assuming the AMP data-source role, its URL filled from grafana-facts', () => {
      const [amp] = ofType(dataSourceType('amp', fleet.grafana.version));
      expect(amp.datasource?.jsonData).toMatchObject({
        sigV4Auth: true,
        sigV4Region: fleet.accounts[fleet.amp.account].region,
        sigV4AssumeRoleArn: `arn:aws:iam::${account(fleet.amp.account)}:role/${DATA_SOURCE_ROLE_NAMES.amp}`,
      });
      const [valueFrom] = amp.valuesFrom ?? [];
      expect(valueFrom.targetPath).toBe('url');
      expect(valueFrom.valueFrom.configMapKeyRef).toEqual({ name: GRAFANA_FACTS.name, key: GRAFANA_FACTS.keys.ampQueryUrl });
      expect(amp.datasource?.url).toBe(`\${${GRAFANA_FACTS.keys.ampQueryUrl}}`);
    });

    it('has one CloudWatch and one X-Ray data source for each account that runs clusters, each assuming that account\'s read role', () => {
      const clusterAccounts = new Set(Object.values(fleet.clusters).map((c) => c.account));
      expect(ofType(DATA_SOURCE_TYPES.cloudwatch)).toHaveLength(clusterAccounts.size);
      expect(ofType(DATA_SOURCE_TYPES.xray)).toHaveLength(clusterAccounts.size);
      for (const name of clusterAccounts) {
        for (const [type, prefix] of [[DATA_SOURCE_TYPES.cloudwatch, 'cloudwatch'], [DATA_SOURCE_TYPES.xray, 'xray']] as const) {
          const source = ofType(type).find((candidate) => candidate.uid === `${prefix}-${name}`);
          expect(source?.datasource?.jsonData.assumeRoleArn).toBe(`arn:aws:iam::${account(name)}:role/${DATA_SOURCE_ROLE_NAMES.cloudwatch}`);
        }
      }
    });

    it('takes account ids from the fleet file, not from code', () => {
      const changed = withAccountIds(fleet, { [fleet.amp.account]: '999999999999' });
      const amp = grafanaObjects(changed).find((object) => object.kind === 'GrafanaDatasource' && spec(object).uid === 'amp');
      expect(spec(amp ?? {}).datasource?.jsonData.sigV4AssumeRoleArn).toBe(`arn:aws:iam::999999999999:role/${DATA_SOURCE_ROLE_NAMES.amp}`);
    });
  });
});
