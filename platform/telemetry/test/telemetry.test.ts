import { runSuites } from '../../../clusters/test/support/run-suites';

/** The telemetry pipelines' suites, in one Jest file: cdk8s and the collector charts load once. */
runSuites(__dirname, ['collectors', 'delivery', 'scrape-targets']);
