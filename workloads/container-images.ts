/**
 * The image a chart runs in one container when the fleet file names none: a pinned reference,
 * or, where upstream publishes no pinned build, why not and what to set instead.
 */
export type DefaultImage = string | { readonly unavailable: string };

export interface ResolveImagesProps<Container extends string> {
  /** The app's name in the fleet file, for messages (`apps.<app>.images`). */
  readonly appName: string;
  /** Default image of every container the app has, by container name. */
  readonly defaults: Readonly<Record<Container, DefaultImage>>;
  /** `apps.<app>.images` from the fleet file. */
  readonly overrides: Readonly<Record<string, string>>;
}

/**
 * The image of each container: the fleet file's override, else the chart's default. An
 * override for a container the app does not have is refused (it would silently do nothing),
 * and so is a container with neither. Pinning is checked where the container is built.
 */
export function resolveImages<Container extends string>(props: ResolveImagesProps<Container>): Record<Container, string> {
  const known = Object.keys(props.defaults) as Container[];
  const unknown = Object.keys(props.overrides).filter((name) => !(known as string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `apps.${props.appName}.images names ${unknown.map((name) => `"${name}"`).join(', ')}, which ${props.appName} has no container called; ` +
        `its containers are ${known.join(', ')}.`,
    );
  }
  const resolved = {} as Record<Container, string>;
  for (const container of known) {
    const override = props.overrides[container];
    const fallback = props.defaults[container];
    if (override !== undefined) {
      resolved[container] = override;
    } else if (typeof fallback === 'string') {
      resolved[container] = fallback;
    } else {
      throw new Error(`apps.${props.appName}.images.${container} must be set: ${fallback.unavailable}`);
    }
  }
  return resolved;
}
