import { runSuites } from './support/run-suites';

/** The fleet file's schema, validation and messages, in one Jest file. */
runSuites(__dirname, ['fleet-validation', 'fleet-messages', 'fleet-isolation-fields']);
