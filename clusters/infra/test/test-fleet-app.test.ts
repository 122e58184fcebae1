import { runSuites } from './synth-fleet';

/**
 * The AWS layer's suites over the test fleet's app and small variants of it, run as one Jest file:
 * each Jest file loads aws-cdk-lib, eks-blueprints and cdk-nag afresh (seconds), and the suites
 * that only read an app share one synthesis of it (`sharedTestFleetApp`, `sharedOptionsApp`).
 */
runSuites(['cluster-isolation', 'fleet-app', 'nag', 'grafana-operator-access', 'pipeline-source', 'fleet-names', 'cloudwatch-cluster-alarms']);
