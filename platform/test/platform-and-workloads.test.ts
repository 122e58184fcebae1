import { join } from 'node:path';
import { runSuites } from '../../clusters/test/support/run-suites';

/**
 * The suites of the platform's charts and of the app charts in workloads/, in one Jest file: Jest
 * gives every file a fresh module registry, and these all load cdk8s, cdk8s-plus and the charts,
 * and render clusters of the test fleet. The promtool rule tests (alerts/test/rules.test.ts) keep
 * a file of their own, so the two workers share the load, and so do the building blocks'
 * (charts/test/charts.test.ts), small enough for temp-files.test.ts to run.
 */
const REPOSITORY_ROOT = join(__dirname, '..', '..');

runSuites(join(REPOSITORY_ROOT, 'platform'), [
  'add-ons/test/add-ons',
  'alerts/test/cloudwatch-alarms',
  'grafana/test/collector-jobs',
  'grafana/test/dashboards',
  'grafana/test/grafana-first-deploy',
  'grafana/test/grafana-resources',
  'grafana/token-rotator/test/rotate-token',
  'grafana/token-rotator/test/token-apis',
  'grafana/token-rotator/test/token-rotator-chart',
  'telemetry/test/collectors',
  'telemetry/test/delivery',
  'telemetry/test/scrape-targets',
  'tenancy/test/operator-generated-objects',
]);
runSuites(join(REPOSITORY_ROOT, 'workloads', 'test'), ['app-objects', 'exposure', 'images', 'load-generator', 'network-flows', 'pod-security', 'service-wiring']);
