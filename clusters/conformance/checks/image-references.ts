import { findingAt } from '../../validate/finding';
import { podsOf } from '../../validate/pod-templates';
import { imageProblem } from '../../validate/rules/version-pinning';
import { ConformanceCheck } from './conformance-check';

/** `registry/path[:tag][@digest]`, as the distribution reference grammar allows it (lower-case path). */
const REFERENCE = /^(?:([a-zA-Z0-9.-]+(?::\d+)?)\/)?([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/;

/** A path segment that names a registry: a host with a dot or a port, or `localhost`. */
function looksLikeRegistry(segment: string): boolean {
  return segment === 'localhost' || segment.includes('.') || /:\d+$/.test(segment);
}

/** Why an image reference is malformed, or undefined. */
export function referenceProblem(image: string): string | undefined {
  const match = REFERENCE.exec(image);
  if (!match) return `"${image}" is not a well-formed image reference`;
  const [, registry, path] = match;
  const firstSegment = path.split('/')[0];
  if (registry && looksLikeRegistry(registry) && looksLikeRegistry(firstSegment)) {
    return `"${image}" names a registry twice (${registry}/${firstSegment}/...): the chart joins a registry value and a repository that already carries one`;
  }
  return undefined;
}

export const imageReferences: ConformanceCheck = {
  id: 'conformance-image-reference',
  description: 'Every image the chart renders is a well-formed reference (no doubled registry) pinned by tag or digest.',
  check({ objects }) {
    return objects.flatMap((rendered) =>
      podsOf(rendered).flatMap((pod) =>
        pod.containers.flatMap((container) => {
          const image = container.fields.image;
          const problem = (typeof image === 'string' ? referenceProblem(image) : undefined) ?? imageProblem(image);
          return problem ? [findingAt(rendered, this.id, `${container.pointer}/image`, `container ${container.fields.name ?? ''}: ${problem}`)] : [];
        }),
      ),
    );
  },
};
