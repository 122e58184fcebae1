import { FLOATING_TAGS } from '../../charts/pinned-image';

/**
 * Checks an image reference written in the fleet file, at load time, and says how to fix it:
 * `registry/repository:tag`, `registry/repository@sha256:<64 hex>` or both; a tag that names a
 * channel (`latest`, `stable`, ...) or no tag at all floats, so it is refused.
 */

const REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const HOW_TO_PIN = 'pin a release tag (e.g. :1.2.3) or a digest (@sha256:<64 hex characters>, e.g. from `crane digest <image>:<tag>`)';

/** Why `image` cannot be used, with the fix; undefined when it is a pinned reference. */
export function imageReferenceProblem(image: string): string | undefined {
  const at = image.indexOf('@');
  const name = at === -1 ? image : image.slice(0, at);
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const slash = name.lastIndexOf('/');
  const colon = name.indexOf(':', slash + 1);
  const repository = colon === -1 ? name : name.slice(0, colon);
  const tag = colon === -1 ? undefined : name.slice(colon + 1);
  if (!REPOSITORY.test(repository)) {
    return `is not an image reference: "${repository}" is not a repository name (lower-case letters, digits, ".", "_", "-", "/" and a registry host, e.g. public.ecr.aws/org/app:1.2.3)`;
  }
  if (tag !== undefined && !TAG.test(tag)) return `has the tag "${tag}", which is not a valid tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")`;
  if (digest !== undefined) {
    if (!digest.startsWith('sha256:')) return `has the digest "${digest}", which does not start with "sha256:"; write @sha256:<64 hex characters>`;
    const hex = digest.slice('sha256:'.length);
    const wrong = [...new Set(hex.replace(/[0-9a-f]/g, ''))];
    if (wrong.length > 0) return `has a digest with characters that are not lower-case hex (${wrong.map((character) => `"${character}"`).join(', ')}); a sha256 digest is 64 characters of 0-9 and a-f`;
    if (hex.length !== 64) return `has a digest of ${hex.length} hex characters; a sha256 digest has exactly 64 (copy the whole digest, e.g. from \`crane digest ${name}\`)`;
    return undefined;
  }
  if (tag === undefined) return `has no tag or digest, so it floats to whatever "latest" is; ${HOW_TO_PIN}`;
  if (FLOATING_TAGS.includes(tag.toLowerCase())) return `uses the floating tag "${tag}", which moves without this file changing; ${HOW_TO_PIN.replace('<image>:<tag>', name)}`;
  return undefined;
}
