import { Capability } from 'cdk8s-plus-28';
import { PodSecurityException } from '../charts/pod-security-exception';

/** One container allowed below the restricted Pod Security level. */
export interface ContainerPodSecurityException {
  /** Chart (`apps.<app>.chart`) the container belongs to. */
  readonly chart: string;
  /** Container name. */
  readonly container: string;
  readonly exception: PodSecurityException;
}

/**
 * Every container of every app chart that does not run fully restricted, and why. Team
 * namespaces enforce baseline and audit/warn restricted, so each entry here shows up as a
 * warning on apply; a test proves that exactly these containers deviate and that all pods meet
 * baseline. Add an entry only with a reason a reviewer can check against the image.
 *
 * Decided against an exception (these run restricted with a stated uid):
 * - redis (docker.io/library/redis:4.0.2) sets no USER but creates user `redis` (uid 999) and its
 *   entrypoint only switches users when started as root; as uid 999 it runs directly and writes
 *   nothing but /data, which gets an emptyDir.
 * - yelb-db (postgres base) sets no USER; the postgres entrypoint supports starting as the image's
 *   `postgres` user (uid 999), given a writable PGDATA (a subdirectory of an emptyDir, so initdb
 *   owns it), /var/run/postgresql and /tmp.
 * - yelb-appserver (Ruby/Sinatra on 4567) sets no USER; it only reads its script and gems and
 *   listens above 1024, so it runs as uid 1001 (the Bitnami convention) with an emptyDir /tmp.
 */
export const POD_SECURITY_EXCEPTIONS: readonly ContainerPodSecurityException[] = [
  {
    chart: 'yelb',
    container: 'yelb-ui',
    exception: {
      reason:
        'The image (nginx 1.17 base) starts as root: its startup.sh rewrites /etc/nginx/conf.d/default.conf with sed and writes /proxycfg.txt, ' +
        'then nginx binds port 80 and switches its workers to the nginx user, chowning its cache directories on the way.',
      runAsRoot: true,
      writableRootFilesystem: true,
      addCapabilities: [Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.SETGID, Capability.SETUID, Capability.NET_BIND_SERVICE],
    },
  },
];

/** The exception of one container, or undefined when it runs fully restricted. */
export function podSecurityException(chart: string, container: string): PodSecurityException | undefined {
  return POD_SECURITY_EXCEPTIONS.find((entry) => entry.chart === chart && entry.container === container)?.exception;
}
