import { Fleet } from '../fleet/fleet-schema';

/** A value left from the example fleet, with where it is and what to put there. */
export interface ExampleValue {
  readonly path: string;
  readonly value: string;
  readonly fix: string;
}

/** IPv4 blocks reserved for documentation (RFC 5737): placeholders, never a real network. */
const DOCUMENTATION_RANGES = ['192.0.2.', '198.51.100.', '203.0.113.'];

/** Ids nobody owns: one digit repeated, or the sequences documentation uses. */
function isFakeAccountId(id: string): boolean {
  return /^(\d)\1{11}$/.test(id) || id === '123456789012' || id === '012345678901';
}

/**
 * Finds what the committed example fleet ships as placeholders: fake account ids (also inside
 * principal ARNs), the `example-org` repository, image digests made of one repeated character,
 * a connection ARN with a placeholder id, endpoint CIDRs from the documentation ranges.
 */
export function findExampleValues(fleet: Fleet): ExampleValue[] {
  const found: ExampleValue[] = [];
  for (const [key, account] of Object.entries(fleet.accounts)) {
    if (isFakeAccountId(account.id)) {
      found.push({ path: `accounts.${key}.id`, value: account.id, fix: `write the 12-digit id of your ${key} account (aws sts get-caller-identity --profile ${key})` });
    }
  }
  if (/github\.com\/(example-org|example|your-org|owner)\//i.test(fleet.repository.url)) {
    found.push({ path: 'repository.url', value: fleet.repository.url, fix: 'write the URL of your fork, e.g. https://github.com/<you>/multi-account-observability.git' });
  }
  const connectionArn = fleet.pipeline.connectionArn;
  if (connectionArn && (/connection\/0{8}-0{4}-0{4}-0{4}-0{12}$/.test(connectionArn) || isFakeAccountId(connectionArn.split(':')[4] ?? ''))) {
    found.push({ path: 'pipeline.connectionArn', value: connectionArn, fix: 'create a CodeConnections connection in the pipeline account, approve it in the console, and write its ARN' });
  }
  for (const [name, cluster] of Object.entries(fleet.clusters)) {
    (cluster.publicEndpointCidrs ?? []).forEach((cidr, index) => {
      if (DOCUMENTATION_RANGES.some((range) => cidr.startsWith(range))) {
        found.push({ path: `clusters.${name}.publicEndpointCidrs[${index}]`, value: cidr, fix: 'write the CIDRs you run kubectl from (office or VPN egress), or [] for a private endpoint' });
      }
    });
  }
  const principals: [string, string][] = [
    ...fleet.platformTeam.principals.map((arn, index): [string, string] => [`platformTeam.principals[${index}]`, arn]),
    ...Object.entries(fleet.teams).flatMap(([team, spec]) => spec.principals.map((arn, index): [string, string] => [`teams.${team}.principals[${index}]`, arn])),
  ];
  for (const [path, arn] of principals) {
    const account = /^arn:aws:iam::(\d{12}):/.exec(arn)?.[1];
    if (account && isFakeAccountId(account)) {
      found.push({ path, value: arn, fix: 'write the ARN of an IAM role of your own account (the role people assume to reach the cluster)' });
    }
  }
  for (const [team, spec] of Object.entries(fleet.teams)) {
    for (const [app, appSpec] of Object.entries(spec.apps)) {
      for (const [container, image] of Object.entries(appSpec.images)) {
        if (/@sha256:([0-9a-f])\1{63}$/.test(image)) {
          found.push({ path: `teams.${team}.apps.${app}.images.${container}`, value: image, fix: `write the real digest (crane digest ${image.split('@')[0]}:<tag>)` });
        }
      }
    }
  }
  return found;
}
