/**
 * Label naming the fleet app an object belongs to. Selectors carry it next to the original
 * `app`/`tier` labels, so two apps in one namespace never select each other's pods.
 */
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';

/** Label naming the chart that rendered an object (e.g. `ho11y`, `yelb`). */
export const NAME_LABEL = 'app.kubernetes.io/name';

/** Selector labels of one component of an app: its own labels plus the app it is part of. */
export function componentSelector(appName: string, labels: Readonly<Record<string, string>>): Record<string, string> {
  return { ...labels, [PART_OF_LABEL]: appName };
}

/**
 * Name of an object the platform renders for one component of an app (e.g. its NetworkPolicy):
 * the component's name prefixed with the app's, unless it already starts with it
 * (`yelb` + `yelb-ui` -> `yelb-ui`, `yelb` + `redis-server` -> `yelb-redis-server`).
 */
export function appScopedName(appName: string, component: string): string {
  return component === appName || component.startsWith(`${appName}-`) ? component : `${appName}-${component}`;
}
