import { runSuites } from './support/run-suites';
import { RENDER_SUITES } from './support/suites';

/** The render, its checks and commands, the platform and the app charts (support/suites.ts); aws-layer.test.ts runs the rest. */
runSuites(RENDER_SUITES);
