/**
 * ho11y (https://github.com/aws-observability/observability-best-practices/tree/main/sandbox/ho11y),
 * a synthetic signal generator, wired as in the original pattern: `frontend` calls
 * `downstream0` and `downstream1`; `downstream0` calls a public site; `downstream1` calls a
 * public site and two simulated backends. The chart and the network flows are both derived
 * from this one description.
 */

/** Port every ho11y instance serves `/` and `/metrics` on (the binary's default). */
export const HO11Y_PORT = 8765;
/** Port of the Services in front of them. */
export const HO11Y_SERVICE_PORT = 80;
/** Container name in every ho11y Deployment, and the key of its image override. */
export const HO11Y_CONTAINER = 'ho11y';
/** The image runs as this uid (`USER 1001` in its Dockerfile). */
export const HO11Y_UID = 1001;

/** What one ho11y instance calls when it is invoked (env `DOWNSTREAM0..4`). */
export type Ho11yDownstream =
  /** Another ho11y component, through its Service. */
  | { readonly component: string }
  /** A public HTTPS site. ho11y exits when a call fails, so the site must stay reachable. */
  | { readonly externalUrl: string }
  /** A simulated backend: returns `size` of payload after `latency`, without a network call. */
  | { readonly dummy: { readonly size: string; readonly latency: string } };

export interface Ho11yComponent {
  /** Deployment and Service name, and the service name in traces. */
  readonly name: string;
  readonly downstreams: readonly Ho11yDownstream[];
  /** Answer about half of the requests with an error status. */
  readonly injectFailure: boolean;
}

/** The component users and the load generator call. */
export const HO11Y_ENTRY_COMPONENT = 'frontend';

export const HO11Y_COMPONENTS: readonly Ho11yComponent[] = [
  { name: 'frontend', injectFailure: true, downstreams: [{ component: 'downstream0' }, { component: 'downstream1' }] },
  { name: 'downstream0', injectFailure: false, downstreams: [{ externalUrl: 'https://mhausenblas.info/' }] },
  {
    name: 'downstream1',
    injectFailure: false,
    downstreams: [
      { externalUrl: 'https://o11y.news/2021-03-01/' },
      { dummy: { size: '187kB', latency: '42ms' } },
      { dummy: { size: '13kB', latency: '2ms' } },
    ],
  },
];

/** ho11y reads at most five downstreams. */
export const HO11Y_MAX_DOWNSTREAMS = 5;

/** Components that call `name`. */
export function ho11yCallers(name: string): Ho11yComponent[] {
  return HO11Y_COMPONENTS.filter((component) => component.downstreams.some((downstream) => 'component' in downstream && downstream.component === name));
}

/** The value of a `DOWNSTREAMn` variable. */
export function downstreamValue(downstream: Ho11yDownstream): string {
  if ('component' in downstream) return `http://${downstream.component}:${HO11Y_SERVICE_PORT}`;
  if ('externalUrl' in downstream) return downstream.externalUrl;
  return `DUMMY:${downstream.dummy.size}:${downstream.dummy.latency}`;
}
