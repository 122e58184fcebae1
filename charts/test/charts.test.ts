import { runSuites } from '../../clusters/test/support/run-suites';

/** The building blocks' suites, in one Jest file: cdk8s and cdk8s-plus load once. */
runSuites(__dirname, ['hardened-workload', 'opentelemetry-collector', 'pinned-image']);
