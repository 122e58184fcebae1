import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { writeFiles } from '../render/write-dist';
import { useEchoCharts } from './support/echo-workload';
import { fleetWith } from './support/fleet-fixtures';
import { kubeTool } from './support/kube-tools';
import { leafFolderOf, objectsOf, renderForTest } from './support/rendered-tree';

const fleet = fleetWith(useEchoCharts);
const files = renderForTest(fleet);
const objects = objectsOf(files);
let dist = '';

beforeAll(() => {
  dist = join(mkdtempSync(join(tmpdir(), 'rendered-tools-')), 'dist');
  writeFiles(dist, files);
});
afterAll(() => rmSync(join(dist, '..'), { recursive: true, force: true }));

function documents(yaml: string): unknown[] {
  return parseAllDocuments(yaml).map((document) => document.toJS()).filter((object) => object !== null);
}

function leafFolders(): string[] {
  return [...new Set(files.filter((file) => file.path.endsWith('/kustomization.yaml')).map((file) => posix.dirname(file.path)))];
}

describe('the real tools read dist/', () => {
  test('kubectl kustomize builds every folder, with every object of it', () => {
    const kubectl = kubeTool('kubectl');
    // One build per top-level folder of dist/ (a cluster, a fleet-wide artifact), over a
    // kustomization listing each of its leaf folders: every leaf is built as ArgoCD builds it, and
    // no two leaves of one cluster may hold the same object.
    const groups = new Map<string, string[]>();
    for (const folder of leafFolders()) groups.set(folder.split('/')[0], [...(groups.get(folder.split('/')[0]) ?? []), folder]);
    expect([...groups.values()].flat().length).toBeGreaterThan(10);
    for (const [group, folders] of groups) {
      const aggregate = join(dist, '..', `kustomize-${group}`);
      mkdirSync(aggregate);
      writeFileSync(join(aggregate, 'kustomization.yaml'), stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: folders.map((folder) => relative(aggregate, join(dist, folder))) }));
      const built = documents(execFileSync(kubectl, ['kustomize', aggregate], { encoding: 'utf8' }));
      const expected = objects.filter(({ file }) => folders.includes(leafFolderOf(files)(file))).map(({ object }) => object);
      expect({ group, objects: built.length }).toEqual({ group, objects: expected.length });
      expect(built).toEqual(expect.arrayContaining(expected));
    }
  });

  test('helm templates the bootstrap chart with the values file and parameters the ArgoCD add-on passes, changing nothing', () => {
    const helm = kubeTool('helm');
    for (const cluster of Object.keys(fleet.clusters)) {
      // The AWS layer's ArgoCD add-on sets valueFiles [values.yaml] and flattened parameters
      // such as these; the rendered templates must neither need nor be altered by them.
      const parameters = ['clusterName=prod-x', `region=${fleet.accounts[fleet.clusters[cluster].account].region}`, 'repoUrl=https://example.invalid/x.git', 'addons.argocd.enabled=true'];
      const output = execFileSync(helm, ['template', 'bootstrap', join(dist, cluster, 'bootstrap'), '--namespace', 'argocd', '--values', join(dist, cluster, 'bootstrap', 'values.yaml'), ...parameters.flatMap((parameter) => ['--set', parameter])], {
        encoding: 'utf8',
      });
      const expected = objects.filter(({ file }) => file.startsWith(`${cluster}/bootstrap/templates/`)).map(({ object }) => object);
      const rendered = documents(output);
      expect(rendered).toHaveLength(expected.length);
      expect(rendered).toEqual(expect.arrayContaining(expected));
    }
  });
});
