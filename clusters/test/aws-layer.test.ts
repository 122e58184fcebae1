import { runSuites } from './support/run-suites';
import { AWS_LAYER_SUITES } from './support/suites';

/** The AWS layer and about half the run's suites (support/suites.ts); render.test.ts runs the rest. */
runSuites(AWS_LAYER_SUITES);
