import { runSuites } from './support/run-suites';

/**
 * The policy gate's rules, exceptions and team scoping, in one Jest file: the suites share one
 * render of the planted-render fleet (support/planted-render.ts) instead of rendering it each.
 */
runSuites(__dirname, ['argocd-tenancy-rules', 'gitops-policy-rules', 'pod-policy-rules', 'policy-exceptions', 'team-admission', 'team-folder-rules', 'team-render-scope', 'workload-exceptions']);
