import { runSuites } from './synth-fleet';

/**
 * The AWS layer's suites over fleets of other shapes (many accounts and regions, a fixture fleet,
 * a fleet rendered into a temporary repository), run as one Jest file to load the CDK libraries once.
 */
runSuites(['multi-account-fleet', 'fleet-variants', 'bootstrap']);
