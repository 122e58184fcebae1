import { FLEET_ARTIFACTS } from './components';
import { RenderedFile } from './rendered-file';

/**
 * dist/README.md: what the rendered tree holds, rendered with it (a hand-written file here would
 * be removed by the next full render, which replaces dist/ as a whole).
 */
export function distReadme(): RenderedFile {
  const artifacts = FLEET_ARTIFACTS.map((artifact) => `- \`${artifact.folder}/\``).join('\n');
  const content = `# dist/

Rendered by \`npm run synth\` from \`clusters/fleet.yaml\`; never edited by hand. CI fails when it
differs from a fresh render (\`npm run synth -- --check\`).

One folder per cluster of the fleet file, each synced by that cluster's ArgoCD:

- \`<cluster>/bootstrap/\`: the app-of-apps ArgoCD starts from, a Helm chart whose templates are
  the AppProjects and one Application per folder below.
- \`<cluster>/platform/<component>/\` and \`<cluster>/workloads/<team>/<app>/\`: one object per
  file, named \`<kind>-<name>.yaml\` after the object alone, and a \`kustomization.yaml\`
  (\`kubectl kustomize\` builds each folder).
- \`<cluster>/platform/tenancy/\`: the platform's namespaces and access at the top, each team's
  namespace, quota, limits, network policies and role binding in \`tenancy/<team>/\`.

Fleet-wide files, outside any cluster:

${artifacts}
`;
  return { path: 'README.md', content };
}
