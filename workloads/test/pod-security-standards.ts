import { PodTemplateView } from './rendered-apps';

/**
 * An evaluator of the Kubernetes Pod Security Standards
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/), written from the
 * published rules and independent of the code that renders the pods, so tests can check the
 * rendered output against it. It covers the controls that apply to Deployment pod templates.
 */

/** One failed control, for one container or (container "") the pod. */
export interface PodSecurityFinding {
  readonly level: 'baseline' | 'restricted' | 'hardening';
  readonly container: string;
  readonly control: string;
}

const BASELINE_CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
const SAFE_SYSCTLS = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

type SecurityContext = Record<string, unknown> & { seccompProfile?: { type?: string }; seLinuxOptions?: Record<string, string>; capabilities?: { add?: string[]; drop?: string[] } };

/** Every control the pod template fails, at baseline, at restricted, and of our own hardening bar. */
export function evaluatePodSecurity(template: PodTemplateView): PodSecurityFinding[] {
  const spec = template.spec;
  const pod = (spec.securityContext ?? {}) as SecurityContext;
  const containers = [...spec.containers, ...(spec.initContainers ?? [])];
  const findings: PodSecurityFinding[] = [];
  const fail = (level: PodSecurityFinding['level'], container: string, control: string) => findings.push({ level, container, control });

  // Baseline, pod level.
  for (const hostNamespace of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[hostNamespace] === true) fail('baseline', '', `${hostNamespace} is true`);
  }
  for (const volume of spec.volumes ?? []) {
    if ('hostPath' in volume) fail('baseline', '', `volume ${volume.name} is a hostPath`);
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (!type || !RESTRICTED_VOLUME_TYPES.includes(type)) fail('restricted', '', `volume ${volume.name} has type ${String(type)}`);
  }
  for (const sysctl of (pod.sysctls as { name: string }[] | undefined) ?? []) {
    if (!SAFE_SYSCTLS.includes(sysctl.name)) fail('baseline', '', `sysctl ${sysctl.name} is not in the safe set`);
  }
  if (pod.seccompProfile?.type === 'Unconfined') fail('baseline', '', 'pod seccomp profile is Unconfined');
  checkSeLinux(pod, '', fail);
  if (pod.runAsUser === 0) fail('restricted', '', 'pod runAsUser is 0');
  for (const [key, value] of Object.entries(template.metadata.annotations ?? {})) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      fail('baseline', '', `AppArmor profile ${value}`);
    }
  }

  for (const container of containers) {
    const context = (container.securityContext ?? {}) as SecurityContext;
    const name = container.name;
    // Baseline, container level.
    if (context.privileged === true) fail('baseline', name, 'privileged');
    for (const capability of context.capabilities?.add ?? []) {
      if (!BASELINE_CAPABILITIES.includes(capability)) fail('baseline', name, `adds capability ${capability}`);
    }
    for (const port of (container.ports ?? []) as { hostPort?: number }[]) {
      if (port.hostPort) fail('baseline', name, `hostPort ${port.hostPort}`);
    }
    if (context.procMount !== undefined && context.procMount !== 'Default') fail('baseline', name, `procMount ${String(context.procMount)}`);
    if (context.seccompProfile?.type === 'Unconfined') fail('baseline', name, 'seccomp profile is Unconfined');
    checkSeLinux(context, name, fail);

    // Restricted.
    if (context.allowPrivilegeEscalation !== false) fail('restricted', name, 'allowPrivilegeEscalation is not false');
    const runAsNonRoot = context.runAsNonRoot ?? pod.runAsNonRoot;
    if (runAsNonRoot !== true) fail('restricted', name, 'runAsNonRoot is not true');
    if (context.runAsUser === 0) fail('restricted', name, 'runAsUser is 0');
    const seccomp = context.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') fail('restricted', name, 'seccomp profile is not RuntimeDefault or Localhost');
    if (!(context.capabilities?.drop ?? []).includes('ALL')) fail('restricted', name, 'does not drop ALL capabilities');
    for (const capability of context.capabilities?.add ?? []) {
      if (capability !== 'NET_BIND_SERVICE') fail('restricted', name, `adds capability ${capability}`);
    }

    // Our bar on top of restricted: nothing writes to the image's filesystem.
    if (context.readOnlyRootFilesystem !== true) fail('hardening', name, 'root filesystem is writable');
  }
  return findings;
}

function checkSeLinux(context: SecurityContext, container: string, fail: (level: PodSecurityFinding['level'], container: string, control: string) => void): void {
  const options = context.seLinuxOptions;
  if (!options) return;
  if (options.type && !['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'].includes(options.type)) fail('baseline', container, `SELinux type ${options.type}`);
  if (options.user || options.role) fail('baseline', container, 'SELinux user or role set');
}

/** The containers a finding list names, for comparing with an exception list. */
export function containersWithFindings(findings: readonly PodSecurityFinding[]): string[] {
  return [...new Set(findings.map((finding) => finding.container))].sort();
}
