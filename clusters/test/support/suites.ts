/**
 * The suites each of the two Jest files runs (support/run-suites.ts). Every `*.suite.ts` of the
 * repository is in exactly one list (suite-layout.suite.ts checks it).
 */

/**
 * aws-layer.test.ts, about half the run: the AWS layer's app over the test fleet and fleets of
 * other shapes (the suites that only read an app share one synthesis of it, synth-fleet.ts), its
 * synthesis offline by the CDK CLI and by `npm run cdk:synth`, the IAM rules of the gate, its part
 * in `npm run diff`, the deploy commands, the upstream charts run through `helm template`, and the
 * test run's own files. The other half is `RENDER_SUITES`; a new suite goes where its modules
 * load already, and a suite moves when one file takes much longer than the other.
 */
export const AWS_LAYER_SUITES: readonly string[] = [
  'clusters/infra/test/cluster-isolation',
  'clusters/infra/test/fleet-app',
  'clusters/infra/test/nag',
  'clusters/infra/test/grafana-operator-access',
  'clusters/infra/test/pipeline-source',
  'clusters/infra/test/fleet-names',
  'clusters/infra/test/cloudwatch-cluster-alarms',
  'clusters/infra/test/bootstrap',
  'clusters/infra/test/multi-account-fleet',
  'clusters/infra/test/fleet-variants',
  'clusters/infra/test/offline-synth',
  'clusters/test/cloudformation-rules',
  'clusters/test/aws-layer-diff',
  'clusters/test/template-diff',
  'clusters/deploy/test/deploy',
  'clusters/deploy/test/verify',
  'clusters/deploy/test/kubeconfig',
  'clusters/deploy/test/destroy',
  'clusters/conformance/test/conformance',
  'clusters/test/temp-files',
  'clusters/test/suite-layout',
];

/**
 * render.test.ts, about half the run: the fleet file's validation, the render and its files, the
 * real tools that read them, their review (`npm run diff`) and what `npm run validate` checks of
 * them; the commands' command lines and `npm run synth` end to end; what the platform's charts,
 * the app charts and the building blocks render; the alerts, through promtool. The suites share
 * the renders their fixtures make (support/planted-render.ts, support/rendered-tree.ts). The other
 * half is `AWS_LAYER_SUITES`.
 */
export const RENDER_SUITES: readonly string[] = [
  'clusters/test/fleet-validation',
  'clusters/test/fleet-messages',
  'clusters/test/fleet-isolation-fields',
  'clusters/test/render',
  'clusters/test/rendered-file',
  'clusters/test/parsed-yaml',
  'clusters/test/yaml-serialisation',
  'clusters/test/write-dist',
  'clusters/test/diff-review',
  'clusters/test/multi-account-fleet',
  'clusters/test/fork-fleet',
  'clusters/test/render-diff',
  'clusters/test/rendered-tools',
  'clusters/test/pull-request-workflow',
  'clusters/test/argocd-tenancy-rules',
  'clusters/test/gitops-policy-rules',
  'clusters/test/pod-policy-rules',
  'clusters/test/policy-exceptions',
  'clusters/test/team-admission',
  'clusters/test/team-folder-rules',
  'clusters/test/team-render-scope',
  'clusters/test/workload-exceptions',
  'clusters/test/crd-schemas',
  'clusters/test/secrets-scan',
  'clusters/test/validate-cli',
  'clusters/test/schema-cache',
  'clusters/test/command-line',
  'clusters/test/synth-cli',
  'clusters/test/memo',
  'clusters/test/test-environment',
  'platform/add-ons/test/add-ons',
  'platform/alerts/test/cloudwatch-alarms',
  'platform/alerts/test/rules',
  'platform/grafana/test/collector-jobs',
  'platform/grafana/test/dashboards',
  'platform/grafana/test/grafana-first-deploy',
  'platform/grafana/test/grafana-resources',
  'platform/grafana/token-rotator/test/rotate-token',
  'platform/grafana/token-rotator/test/token-apis',
  'platform/grafana/token-rotator/test/token-rotator-chart',
  'platform/telemetry/test/collectors',
  'platform/telemetry/test/delivery',
  'platform/telemetry/test/scrape-targets',
  'platform/tenancy/test/operator-generated-objects',
  'workloads/test/app-objects',
  'workloads/test/exposure',
  'workloads/test/images',
  'workloads/test/load-generator',
  'workloads/test/network-flows',
  'workloads/test/pod-security',
  'workloads/test/service-wiring',
  'charts/test/hardened-workload',
  'charts/test/opentelemetry-collector',
  'charts/test/pinned-image',
];
