import { DefaultImage } from '../container-images';

/**
 * yelb (https://github.com/mreferre/yelb), a four-tier voting app, with the original images,
 * ports, labels and Service names. Its tiers find each other by names hard-coded in the images
 * (nginx proxies /api to yelb-appserver:4567; the appserver's production settings name
 * redis-server and yelb-db), so the Service names are part of the images' contract.
 */

export type YelbTierName = 'frontend' | 'middletier' | 'cache' | 'backenddb';
export type YelbComponentName = 'yelb-ui' | 'yelb-appserver' | 'redis-server' | 'yelb-db';

export interface YelbComponent {
  /** Deployment, Service and container name. */
  readonly name: YelbComponentName;
  /** The original `tier` label. */
  readonly tier: YelbTierName;
  /** Default image, from the original pattern. */
  readonly image: DefaultImage;
  /** Port the container listens on; its Service listens on the same port. */
  readonly port: number;
  /** Name of the container port (and the Service's target). */
  readonly portName: string;
  /** Components it connects to, by names baked into its image. */
  readonly calls: readonly YelbComponentName[];
}

/** The component users and the load generator reach. */
export const YELB_ENTRY_COMPONENT: YelbComponentName = 'yelb-ui';

export const YELB_COMPONENTS: readonly YelbComponent[] = [
  { name: 'yelb-ui', tier: 'frontend', image: 'docker.io/mreferre/yelb-ui:0.7', port: 80, portName: 'http', calls: ['yelb-appserver'] },
  { name: 'yelb-appserver', tier: 'middletier', image: 'docker.io/mreferre/yelb-appserver:0.5', port: 4567, portName: 'http', calls: ['redis-server', 'yelb-db'] },
  { name: 'redis-server', tier: 'cache', image: 'docker.io/library/redis:4.0.2', port: 6379, portName: 'redis', calls: [] },
  { name: 'yelb-db', tier: 'backenddb', image: 'docker.io/mreferre/yelb-db:0.5', port: 5432, portName: 'postgres', calls: [] },
];

/** The component called `name`. */
export function yelbComponent(name: YelbComponentName): YelbComponent {
  const component = YELB_COMPONENTS.find((candidate) => candidate.name === name);
  if (!component) throw new Error(`yelb has no component "${name}" (components: ${YELB_COMPONENTS.map((c) => c.name).join(', ')}).`);
  return component;
}

/** Components that connect to `name`. */
export function yelbCallers(name: YelbComponentName): YelbComponent[] {
  return YELB_COMPONENTS.filter((component) => component.calls.includes(name));
}

/**
 * Paths the load generator requests through the UI: the page, and the two API calls the page
 * makes, so the appserver, redis (page views) and postgres (votes) all see traffic.
 */
export const YELB_LOAD_PATHS: readonly string[] = ['/', '/api/pageviews', '/api/getvotes'];
