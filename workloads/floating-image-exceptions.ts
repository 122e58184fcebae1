/** A container allowed to run an image under a floating tag, and why. */
export interface FloatingImageException {
  /** Chart (`apps.<app>.chart`) the container belongs to. */
  readonly chart: string;
  /** Container name. */
  readonly container: string;
  /** The exact image reference accepted; any other floating reference is still refused. */
  readonly image: string;
  readonly reason: string;
}

/**
 * Every image an app chart may run under a floating tag, and why: the one list both the chart
 * (which renders it as its default) and the policy gate (which accepts exactly these findings of
 * `image-pinned`) read. A fleet that pins the container (`apps.<app>.images`) needs no exception.
 */
export const FLOATING_IMAGE_EXCEPTIONS: readonly FloatingImageException[] = [
  {
    chart: 'ho11y',
    container: 'ho11y',
    image: 'public.ecr.aws/mhausenblas/ho11y:stable',
    reason:
      'ho11y publishes no versioned or immutable tag (only :latest and :stable), so the example runs :stable to work on the first deploy; ' +
      'pin the build you run by digest in apps.ho11y.images.ho11y before production use.',
  },
];

/** The exception for `image` in `container` of `chart`, if the list has one. */
export function floatingImageException(chart: string, container: string, image: string): FloatingImageException | undefined {
  return FLOATING_IMAGE_EXCEPTIONS.find((entry) => entry.chart === chart && entry.container === container && entry.image === image);
}
