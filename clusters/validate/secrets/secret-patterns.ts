/**
 * What a leaked credential looks like, after gitleaks' rules (github.com/gitleaks/gitleaks,
 * config/gitleaks.toml), narrowed to what this repository could plausibly leak. Each pattern
 * has an id that appears in findings and that a fleet-file exception can name through the file.
 */
export interface SecretPattern {
  readonly id: string;
  readonly description: string;
  /** Global, so every occurrence in a file is found. */
  readonly pattern: RegExp;
  /** Capture group holding the secret value, when only part of the match is the secret. Default: the whole match. */
  readonly valueGroup?: number;
}

/** Values that name where a secret comes from rather than being one. */
const REFERENCE = /^(\$\{|\$\(|\{\{|<|%|process\.env|env:|true$|false$|null$|changeme$|\*+$)/i;

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    id: 'aws-access-key-id',
    description: 'AWS access key id (long-term AKIA or temporary ASIA)',
    pattern: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/g,
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key next to a name saying so',
    pattern: /aws.{0,20}(?:secret|private).{0,20}?['"\s:=]+([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    valueGroup: 1,
  },
  {
    id: 'private-key',
    description: 'PEM private key block',
    pattern: /-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----/g,
  },
  {
    id: 'github-token',
    description: 'GitHub personal, OAuth, app or fine-grained token',
    pattern: /\b(?:(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})\b/g,
  },
  {
    id: 'slack-token',
    description: 'Slack bot, user or app token',
    pattern: /\bxox[baprs]-[A-Za-z0-9-]{10,}/g,
  },
  {
    id: 'grafana-token',
    description: 'Grafana service-account token, API key or Cloud token',
    pattern: /\b(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|eyJrIjoi[A-Za-z0-9+/=]{30,}|glc_[A-Za-z0-9+/]{32,}={0,2})/g,
  },
  {
    id: 'jwt',
    description: 'JSON Web Token (header.payload.signature)',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  },
  {
    id: 'literal-password',
    description: 'a password written as a literal: `password: "..."`, `PASSWORD=...`',
    // Starting only where a name starts: the leftmost match is the same, and the engine does not
    // rescan every word from each of its letters (quadratic on the long words of bundled code).
    pattern: /(?<![\w-])[\w-]*(?:password|passwd|pwd)["']?\s*[:=]\s*["']([^"'\s]{4,})["']/gi,
    valueGroup: 1,
  },
  {
    id: 'literal-password',
    description: 'a password as a plain YAML value',
    pattern: /^[ \t-]*[\w-]*(?:password|passwd|pwd)[ \t]*:[ \t]+([^\s"'#|>&*!][^\s#]{3,})[ \t]*$/gim,
    valueGroup: 1,
  },
  {
    id: 'literal-password',
    description: 'a password as the literal value of a container environment variable',
    pattern: /name["']?\s*:\s*["']?[A-Z0-9_]*(?:PASSWORD|PASSWD|PWD)["']?\s*[,\n][ \t-]*value["']?\s*:\s*["']?([^\s"',}]{4,})/g,
    valueGroup: 1,
  },
];

/** True when the captured value is a reference or placeholder, not a secret. */
export function isReference(value: string): boolean {
  return REFERENCE.test(value);
}
