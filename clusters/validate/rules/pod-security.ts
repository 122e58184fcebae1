import { ObjectProblem } from '../object-problem';
import { findingAt } from '../finding';
import { allPods, ContainerView, PodView } from '../pod-templates';
import { PolicyContext, PolicyRule } from '../policy-rule';

/**
 * Property 8 of policies.md: the Pod Security Standards
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/) checked over every
 * rendered pod, so a violation fails review instead of being refused (or only warned about) at
 * apply time. Baseline holds everywhere; restricted and a read-only root filesystem hold unless
 * the fleet file lists a reasoned exception for the object.
 */

/** Capabilities baseline lets a container add; restricted allows only NET_BIND_SERVICE. */
export const BASELINE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** Sysctls baseline allows (namespaced and isolated from the node). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);

/** Volume types restricted allows. */
const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

function containerName(container: ContainerView): string {
  return container.fields.name ?? container.pointer;
}

function baselineProblems(pod: PodView, rule: string): ObjectProblem[] {
  const problems: ObjectProblem[] = [];
  const report = (field: string, message: string) => problems.push(findingAt(pod.source, rule, field, message));
  for (const namespace of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (pod[namespace] === true) report(`${pod.specPointer}/${namespace}`, `shares the node's ${namespace.slice(4)} namespace; baseline forbids host namespaces`);
  }
  pod.volumes.forEach((volume, index) => {
    if ('hostPath' in volume) report(`${pod.specPointer}/volumes/${index}/hostPath`, `volume "${String(volume.name)}" mounts a host path; baseline forbids hostPath volumes`);
  });
  (pod.securityContext?.sysctls ?? []).forEach((sysctl, index) => {
    if (!SAFE_SYSCTLS.has(sysctl.name ?? '')) report(`${pod.securityContextPointer}/sysctls/${index}`, `sets sysctl ${String(sysctl.name)}, which baseline does not allow`);
  });
  if (pod.securityContext?.seccompProfile?.type === 'Unconfined') report(`${pod.securityContextPointer}/seccompProfile/type`, 'is Unconfined; baseline forbids turning seccomp off');
  for (const container of pod.containers) {
    const security = container.fields.securityContext ?? {};
    const where = `${container.pointer}/securityContext`;
    const name = containerName(container);
    if (security.privileged === true) report(`${where}/privileged`, `container ${name} is privileged; baseline forbids it`);
    const extra = (security.capabilities?.add ?? []).filter((capability) => !BASELINE_CAPABILITIES.includes(capability));
    if (extra.length > 0) report(`${where}/capabilities/add`, `container ${name} adds ${extra.join(', ')}; baseline allows only ${BASELINE_CAPABILITIES.join(', ')}`);
    if (security.procMount !== undefined && security.procMount !== 'Default') report(`${where}/procMount`, `container ${name} unmasks /proc; baseline requires the Default proc mount`);
    if (security.seccompProfile?.type === 'Unconfined') report(`${where}/seccompProfile/type`, `container ${name} runs without seccomp; baseline forbids Unconfined`);
    (container.fields.ports ?? []).forEach((port, index) => {
      if (port.hostPort !== undefined && port.hostPort !== 0) report(`${container.pointer}/ports/${index}/hostPort`, `container ${name} binds host port ${port.hostPort}; baseline forbids host ports`);
    });
  }
  return problems;
}

function restrictedProblems(pod: PodView, rule: string): ObjectProblem[] {
  const problems: ObjectProblem[] = [];
  const report = (field: string, message: string) => problems.push(findingAt(pod.source, rule, field, message));
  const podSecurity = pod.securityContext ?? {};
  pod.volumes.forEach((volume, index) => {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (type && !RESTRICTED_VOLUME_TYPES.has(type)) report(`${pod.specPointer}/volumes/${index}`, `volume "${String(volume.name)}" is of type ${type}; restricted allows ${[...RESTRICTED_VOLUME_TYPES].join(', ')}`);
  });
  if (podSecurity.runAsUser === 0) report(`${pod.securityContextPointer}/runAsUser`, 'runs the pod as uid 0; restricted requires a non-root user');
  for (const container of pod.containers) {
    const security = container.fields.securityContext ?? {};
    const where = `${container.pointer}/securityContext`;
    const name = containerName(container);
    if ((security.runAsNonRoot ?? podSecurity.runAsNonRoot) !== true) report(`${where}/runAsNonRoot`, `container ${name} may run as root; set runAsNonRoot: true (here or on the pod)`);
    if (security.runAsUser === 0) report(`${where}/runAsUser`, `container ${name} runs as uid 0`);
    if (security.allowPrivilegeEscalation !== false) report(`${where}/allowPrivilegeEscalation`, `container ${name} must set allowPrivilegeEscalation: false`);
    if (!(security.capabilities?.drop ?? []).includes('ALL')) report(`${where}/capabilities/drop`, `container ${name} must drop ALL capabilities`);
    const added = (security.capabilities?.add ?? []).filter((capability) => capability !== 'NET_BIND_SERVICE');
    if (added.length > 0) report(`${where}/capabilities/add`, `container ${name} adds ${added.join(', ')}; restricted allows only NET_BIND_SERVICE`);
    const seccomp = security.seccompProfile?.type ?? podSecurity.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') report(`${where}/seccompProfile/type`, `container ${name} needs seccomp RuntimeDefault (here or on the pod), found ${String(seccomp)}`);
  }
  return problems;
}

export const podSecurityBaseline: PolicyRule = {
  id: 'pod-security-baseline',
  description: 'Every pod meets the baseline Pod Security Standard: no host namespaces, privileged containers, hostPath volumes, host ports or capabilities beyond baseline.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    return allPods(objects).flatMap((pod) => baselineProblems(pod, this.id));
  },
};

export const podSecurityRestricted: PolicyRule = {
  id: 'pod-security-restricted',
  description: 'Every pod meets the restricted Pod Security Standard (non-root, no privilege escalation, drop ALL, RuntimeDefault seccomp, restricted volume types) unless the fleet file lists a reasoned exception.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    return allPods(objects).flatMap((pod) => restrictedProblems(pod, this.id));
  },
};

export const readOnlyRootFilesystem: PolicyRule = {
  id: 'container-read-only-root-filesystem',
  description: 'Every container mounts its root filesystem read-only (writable paths come from volumes) unless the fleet file lists a reasoned exception.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    return allPods(objects).flatMap((pod) =>
      pod.containers
        .filter((container) => container.fields.securityContext?.readOnlyRootFilesystem !== true)
        .map((container) => findingAt(pod.source, this.id, `${container.pointer}/securityContext/readOnlyRootFilesystem`, `container ${containerName(container)} must set readOnlyRootFilesystem: true; give writable paths an emptyDir`)),
    );
  },
};

export const POD_SECURITY_RULES: readonly PolicyRule[] = [podSecurityBaseline, podSecurityRestricted, readOnlyRootFilesystem];
