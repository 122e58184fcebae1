import { Capability } from 'cdk8s-plus-28';

/**
 * Capabilities the Pod Security "baseline" level lets a container add
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline).
 * "restricted" allows only NET_BIND_SERVICE.
 */
export const BASELINE_ADDABLE_CAPABILITIES: readonly Capability[] = [
  Capability.AUDIT_WRITE,
  Capability.CHOWN,
  Capability.DAC_OVERRIDE,
  Capability.FOWNER,
  Capability.FSETID,
  Capability.KILL,
  Capability.MKNOD,
  Capability.NET_BIND_SERVICE,
  Capability.SETFCAP,
  Capability.SETGID,
  Capability.SETPCAP,
  Capability.SETUID,
  Capability.SYS_CHROOT,
];

/**
 * How far one container may step back from the restricted Pod Security level, and why. Only
 * what the image cannot do without is relaxed; everything else (no privilege escalation, drop
 * ALL, RuntimeDefault seccomp, no host namespaces) still holds, so the pod stays within baseline.
 */
export interface PodSecurityException {
  /** Why the image needs it: what it does at start that restricted forbids. Reviewed like code. */
  readonly reason: string;
  /** The image must start as uid 0 (e.g. to bind a port below 1024 and then drop to a worker user). Default: false. */
  readonly runAsRoot?: boolean;
  /** The image writes outside the directories it can be given as volumes. Default: false. */
  readonly writableRootFilesystem?: boolean;
  /** Capabilities added back after dropping ALL; each must be one baseline allows. Default: none. */
  readonly addCapabilities?: readonly Capability[];
}

/** Throws unless the exception is reasoned and stays within baseline. */
export function assertWithinBaseline(owner: string, exception: PodSecurityException): void {
  if (exception.reason.trim().length < 20) {
    throw new Error(`${owner}: a pod security exception needs a reason that says what the image does and why restricted cannot allow it.`);
  }
  const forbidden = (exception.addCapabilities ?? []).filter((capability) => !BASELINE_ADDABLE_CAPABILITIES.includes(capability));
  if (forbidden.length > 0) {
    throw new Error(
      `${owner}: capabilities ${forbidden.join(', ')} are forbidden by the baseline Pod Security level the namespace enforces; ` +
        `only ${BASELINE_ADDABLE_CAPABILITIES.join(', ')} may be added.`,
    );
  }
}
