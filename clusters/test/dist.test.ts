import { runSuites } from './support/run-suites';

/**
 * The fleet file's validation, the render and its files, the real tools that read them, their
 * review (`npm run diff`) and what `npm run validate` checks of them (policy rules, exceptions,
 * team scoping, CRD schemas, the secrets scan), in one Jest file: the suites share their module
 * loads and the renders their fixtures make (support/planted-render.ts, support/rendered-tree.ts).
 */
runSuites(__dirname, [
  'fleet-validation',
  'fleet-messages',
  'fleet-isolation-fields',
  'render',
  'rendered-file',
  'parsed-yaml',
  'yaml-serialisation',
  'write-dist',
  'diff-review',
  'multi-account-fleet',
  'fork-fleet',
  'render-diff',
  'rendered-tools',
  'pull-request-workflow',
  'argocd-tenancy-rules',
  'gitops-policy-rules',
  'pod-policy-rules',
  'policy-exceptions',
  'team-admission',
  'team-folder-rules',
  'team-render-scope',
  'workload-exceptions',
  'crd-schemas',
  'secrets-scan',
  'validate-cli',
]);
