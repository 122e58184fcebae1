import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { WorkloadDefinition } from '../../../workloads/workload-definition';
import { FleetInput } from '../../fleet/fleet-schema';

/** A one-Deployment app for renderer tests, independent of the real app charts. */
export const ECHO_WORKLOAD: WorkloadDefinition = {
  chart: 'echo',
  render(scope, id, props) {
    const chart = new Chart(scope, id, { namespace: props.namespace });
    const labels = { app: props.appName };
    new k8s.KubeDeployment(chart, 'Deployment', {
      metadata: { name: props.appName },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 1001, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'echo',
                image: props.images.echo ?? 'registry.example.com/echo:1.0.0',
                ports: [{ containerPort: 8080 }],
                // Meets every policy of `npm run validate`, so tests can plant one violation at a time.
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                resources: {
                  requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') },
                  limits: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('64Mi') },
                },
                readinessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromNumber(8080) } },
                livenessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromNumber(8080) } },
              },
            ],
          },
        },
      },
    });
    new k8s.KubeService(chart, 'Service', {
      metadata: { name: props.appName },
      spec: { selector: labels, ports: [{ port: 80, targetPort: k8s.IntOrString.fromNumber(8080) }] },
    });
    return chart;
  },
  networkPolicies(props) {
    return [{ name: `${props.appName}-scrape`, podLabels: { app: props.appName }, ingress: [{ reason: 'metrics scrape', peer: props.scraper, ports: [8080] }], egress: [] }];
  },
};

export const TEST_WORKLOADS = { echo: ECHO_WORKLOAD };

/** Points every app of a fleet at the test chart, so renderer tests do not depend on real apps. */
export function useEchoCharts(fleet: FleetInput): void {
  for (const team of Object.values(fleet.teams)) {
    for (const app of Object.values(team.apps)) app.chart = 'echo';
  }
}
