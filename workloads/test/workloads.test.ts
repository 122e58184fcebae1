import { runSuites } from '../../clusters/test/support/run-suites';

/** The app charts' suites, in one Jest file: they share the renders of rendered-apps.ts. */
runSuites(__dirname, ['app-objects', 'exposure', 'images', 'load-generator', 'network-flows', 'pod-security', 'service-wiring']);
