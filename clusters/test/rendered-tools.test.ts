import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { parseAllDocuments } from 'yaml';
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
  dist = mkdtempSync(join(tmpdir(), 'rendered-tools-'));
  writeFiles(dist, files);
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

function documents(yaml: string): unknown[] {
  return parseAllDocuments(yaml).map((document) => document.toJS()).filter((object) => object !== null);
}

function leafFolders(): string[] {
  return [...new Set(files.filter((file) => file.path.endsWith('/kustomization.yaml')).map((file) => posix.dirname(file.path)))];
}

describe('the real tools read dist/', () => {
  test('kubectl kustomize builds every folder, with every object of it', () => {
    const kubectl = kubeTool('kubectl');
    for (const folder of leafFolders()) {
      const built = documents(execFileSync(kubectl, ['kustomize', join(dist, folder)], { encoding: 'utf8' }));
      const expected = objects.filter(({ file }) => leafFolderOf(files)(file) === folder).map(({ object }) => object);
      expect(built).toHaveLength(expected.length);
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
