import { posix } from 'node:path';
import { Fleet } from '../fleet/fleet-schema';
import { FLEET_ARTIFACTS } from './components';

/** Where GitHub reads code owners, relative to the repository root. */
export const CODE_OWNERS_FILE = posix.join('.github', 'CODEOWNERS');

/**
 * Paths whose change alters what every cluster runs, how a change is reviewed and tested, or what
 * the pipeline deploys. Team folders of workloads/ and dist/<cluster>/workloads/ are not among
 * them: the teams review those.
 */
export function platformPaths(): string[] {
  return [
    '/dist/*/bootstrap/',
    '/dist/*/platform/',
    ...FLEET_ARTIFACTS.map((artifact) => `/dist/${artifact.folder}/`),
    '/dist/README.md',
    '/platform/',
    '/clusters/',
    '/charts/',
    '/bench/',
    '/workloads/pod-security-exceptions.ts',
    '/workloads/registry.ts',
    '/.github/',
    '/.ci/',
    '/package.json',
    '/package-lock.json',
    '/.npmrc',
    '/.nvmrc',
    '/jest.config.js',
    '/tsconfig.json',
    '/Makefile',
    '/cdk8s.yaml',
  ];
}

/**
 * `.github/CODEOWNERS`: every platform path owned by the fleet's `platformTeam.codeOwner`, so
 * changing the team in the fleet file and rendering is all a fork does. Undefined when the fleet
 * names no code owner (the repository's file is then left as it is).
 */
export function renderCodeOwners(fleet: Fleet): string | undefined {
  const owner = fleet.platformTeam.codeOwner;
  if (!owner) return undefined;
  return [
    '# Rendered by `npm run synth` from `platformTeam.codeOwner` in clusters/fleet.yaml; never edited by',
    '# hand. The platform team approves every path whose change alters what every cluster runs, how a',
    '# change is reviewed and tested, or what the pipeline deploys (clusters/render/code-owners.ts).',
    '# Branch protection must require code-owner review for this file to bind. Team folders of',
    "# workloads/ and dist/<cluster>/workloads/ are left to the teams' own review.",
    ...platformPaths().map((path) => `${path} ${owner}`),
    '',
  ].join('\n');
}
