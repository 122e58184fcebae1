import { runSuites } from '../../test/support/run-suites';

/**
 * The AWS layer's suites over the test fleet's app, small variants of it and fleets of other
 * shapes (many accounts and regions, a fixture fleet), in one Jest file: aws-cdk-lib,
 * eks-blueprints and cdk-nag load once, and the suites that only read an app share one
 * synthesis of it (`sharedTestFleetApp`, `sharedOptionsApp` in synth-fleet.ts).
 */
runSuites(__dirname, ['cluster-isolation', 'fleet-app', 'nag', 'grafana-operator-access', 'pipeline-source', 'fleet-names', 'cloudwatch-cluster-alarms', 'bootstrap', 'multi-account-fleet', 'fleet-variants']);
