import { runSuites } from '../../test/support/run-suites';

/** make deploy, verify, kubeconfig and destroy, in one Jest file. */
runSuites(__dirname, ['deploy', 'verify', 'kubeconfig', 'destroy']);
