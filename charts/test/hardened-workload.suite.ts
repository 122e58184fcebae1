import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HardenedWorkload, HardenedWorkloadProps } from '../hardened-workload';

const probe = () => kplus.Probe.fromTcpSocket({ port: 8080, periodSeconds: Duration.seconds(10) });

function baseProps(): HardenedWorkloadProps {
  return {
    name: 'web',
    selectorLabels: { app: 'web' },
    container: {
      name: 'web',
      image: 'registry.example.com/web:1.0.0',
      port: { name: 'http', number: 8080 },
      resources: { cpuRequestMillis: 10, cpuLimitMillis: 100, memoryRequestMebibytes: 16, memoryLimitMebibytes: 64 },
      readiness: probe(),
      liveness: probe(),
      runAsUser: 1000,
    },
    service: { port: 80 },
  };
}

type Fields = Record<string, unknown>;
interface RenderedContainer {
  securityContext: Fields;
  imagePullPolicy: string;
  volumeMounts?: Fields[];
}
interface Rendered {
  metadata: { annotations: Record<string, string> };
  spec: Fields & {
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: Fields & { securityContext: Fields; containers: RenderedContainer[]; volumes?: Fields[] } };
  };
}

function render(change: (props: HardenedWorkloadProps) => HardenedWorkloadProps = (props) => props): Rendered[] {
  const chart = new Chart(new App(), 'test', { namespace: 'team' });
  new HardenedWorkload(chart, 'web', change(baseProps()));
  return chart.toJson() as Rendered[];
}

const withContainer = (change: Partial<HardenedWorkloadProps['container']>) => (props: HardenedWorkloadProps) => ({ ...props, container: { ...props.container, ...change } });

describe('HardenedWorkload', () => {
  test('renders a restricted, read-only, token-less pod with explicit selectors and no construct-address label', () => {
    const [deployment, service] = render();
    const pod = deployment.spec.template;
    const container = pod.spec.containers[0];
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'web' });
    expect(pod.metadata.labels).toEqual({ app: 'web' });
    expect(JSON.stringify([deployment, service])).not.toContain('cdk8s.io/metadata.addr');
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 1000,
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(service.spec).toEqual({ type: 'ClusterIP', selector: { app: 'web' }, ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }] });
  });

  test('writable directories become size-limited emptyDirs owned by the container group', () => {
    const [deployment] = render(withContainer({ writableDirectories: [{ path: '/var/cache/web', sizeLimitMebibytes: 8 }] }));
    const spec = deployment.spec.template.spec;
    expect(spec.volumes).toEqual([{ name: 'var-cache-web', emptyDir: { sizeLimit: '8Mi' } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'var-cache-web', mountPath: '/var/cache/web' }]);
    expect(spec.securityContext.fsGroup).toBe(1000);
  });

  test('a load-balanced Service asks for an IP-target NLB and allocates no node ports', () => {
    const [, service] = render((props) => ({ ...props, service: { port: 80, exposure: 'internal' } }));
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.allocateLoadBalancerNodePorts).toBe(false);
    expect(service.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internal');
  });

  test('an exception relaxes only what it lists', () => {
    const [deployment] = render(
      withContainer({
        runAsUser: undefined,
        podSecurityException: { reason: 'binds port 80 as root and rewrites its config at start', runAsRoot: true, addCapabilities: [kplus.Capability.NET_BIND_SERVICE] },
      }),
    );
    const context = deployment.spec.template.spec.containers[0].securityContext;
    expect(context).toMatchObject({ runAsNonRoot: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } });
    expect(context.runAsUser).toBeUndefined();
  });

  test.each([
    ['a floating image', withContainer({ image: 'registry.example.com/web:latest' }), /floating tag "latest"/],
    ['an untagged image', withContainer({ image: 'registry.example.com/web' }), /no tag or digest/],
    ['no uid and no exception', withContainer({ runAsUser: undefined }), /set runAsUser/],
    ['uid 0', withContainer({ runAsUser: 0 }), /set runAsUser/],
    ['a uid next to a root exception', withContainer({ podSecurityException: { reason: 'needs root to bind port 80 at start', runAsRoot: true } }), /keep one/],
    [
      'a capability baseline forbids',
      withContainer({ podSecurityException: { reason: 'wants to mount filesystems at start', addCapabilities: [kplus.Capability.SYS_ADMIN] } }),
      /SYS_ADMIN are forbidden by the baseline/,
    ],
    ['an exception without a reason', withContainer({ podSecurityException: { reason: 'because', writableRootFilesystem: true } }), /needs a reason/],
    ['a request above its limit', withContainer({ resources: { cpuRequestMillis: 200, cpuLimitMillis: 100, memoryRequestMebibytes: 16, memoryLimitMebibytes: 64 } }), /exceeds its limit/],
    ['a Service without a port', withContainer({ port: undefined }), /needs the container's port/],
    ['empty selector labels', (props: HardenedWorkloadProps) => ({ ...props, selectorLabels: {} }), /must not be empty/],
  ])('refuses %s', (_name, change, message) => {
    expect(() => render(change)).toThrow(message);
  });
});
