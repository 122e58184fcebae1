import { join } from 'node:path';
import { runSuites } from '../../clusters/test/support/run-suites';

/**
 * The platform layer's suites, in one Jest file: Jest gives every file a fresh module registry,
 * and these all load cdk8s, the platform charts and the fleet's render. The promtool rule tests
 * (alerts/test/rules.test.ts) keep a file of their own, so the two workers share the load.
 */
runSuites(join(__dirname, '..'), [
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
