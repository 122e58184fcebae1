import { runSuites } from './support/run-suites';

/**
 * The fleet file's validation and what `npm run validate` checks (policy rules, exceptions, team
 * scoping, CRD schemas, the secrets scan), in one Jest file: the suites share one render of the
 * planted-render fleet (support/planted-render.ts) and their module loads.
 */
runSuites(__dirname, [
  'fleet-validation',
  'fleet-messages',
  'fleet-isolation-fields',
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
