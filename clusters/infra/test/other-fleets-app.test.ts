import { runSuites } from '../../test/support/run-suites';

/**
 * The AWS layer's suites over fleets of other shapes (many accounts and regions, a fixture fleet),
 * in one Jest file: the CDK libraries load once.
 */
runSuites(__dirname, ['multi-account-fleet', 'fleet-variants']);
