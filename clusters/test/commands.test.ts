import { join } from 'node:path';
import { runSuites } from './support/run-suites';

/**
 * The commands' command lines and the synth and conformance commands end to end, in one Jest
 * file: the suites share the commands' module loads.
 */
runSuites(join(__dirname, '..'), ['test/command-line', 'test/synth-cli', 'test/memo', 'test/test-environment', 'test/template-diff', 'conformance/test/conformance']);
