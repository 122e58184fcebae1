/**
 * Tags that name a channel rather than a build: the image behind them changes without the
 * manifest changing, so a rollback or a second cluster can run different code.
 */
export const FLOATING_TAGS: readonly string[] = ['latest', 'stable', 'edge', 'nightly', 'main', 'master'];

/** An image reference split into its parts. */
export interface ImageReference {
  /** Registry and repository, e.g. `docker.io/library/redis`. */
  readonly repository: string;
  /** Tag, when there is one. */
  readonly tag?: string;
  /** `sha256:<64 hex>`, when there is one. */
  readonly digest?: string;
}

const REFERENCE = /^([a-z0-9][a-z0-9._\-/:]*?)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/;

/** Splits `repository[:tag][@sha256:...]`; a port in the registry host is not mistaken for a tag. */
export function parseImageReference(image: string): ImageReference | undefined {
  const match = REFERENCE.exec(image);
  if (!match) return undefined;
  const [, repository, tag, digest] = match;
  return { repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/**
 * Why `image` does not pin one build, or undefined when it does. An image is pinned by a digest,
 * or by a tag that is not a floating channel name.
 */
export function unpinnedImageReason(image: string): string | undefined {
  const reference = parseImageReference(image);
  if (!reference) return 'is not an image reference of the form registry/repository:tag or registry/repository@sha256:<digest>';
  if (reference.digest) return undefined;
  if (!reference.tag) return 'has no tag or digest, so it floats to whatever "latest" is';
  if (FLOATING_TAGS.includes(reference.tag)) return `uses the floating tag "${reference.tag}"`;
  return undefined;
}

/** Throws with a fix-it message unless `image` is pinned. `owner` names the container in the message. */
export function assertPinnedImage(owner: string, image: string): void {
  const reason = unpinnedImageReason(image);
  if (reason) {
    throw new Error(`${owner}: image "${image}" ${reason}; pin a release tag (e.g. :1.2.3) or a digest (@sha256:...).`);
  }
}
