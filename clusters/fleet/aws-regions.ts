/**
 * Commercial AWS regions in which EKS, AMP or CloudWatch can run. A region outside this list
 * is almost always a typo (`us-west2`, `eu-central1`), so the fleet file refuses it.
 */
export const AWS_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/** Regions whose zone names the default rule cannot guess: each account sees a different pair. */
export const REGIONS_NEEDING_EXPLICIT_ZONES: readonly string[] = ['us-west-1'];

/** Zone letters every account has, where they are not a, b, c. */
const ZONE_LETTERS: Readonly<Record<string, readonly string[]>> = { 'ap-northeast-1': ['a', 'c', 'd'] };

/**
 * The availability zones a VPC uses when the fleet names none: the first `count` of the region's
 * `a`, `b`, `c` (see ZONE_LETTERS). A rule of the region alone, so that synthesis needs no lookup.
 */
export function defaultAvailabilityZones(region: string, count: number): string[] {
  return (ZONE_LETTERS[region] ?? ['a', 'b', 'c']).slice(0, count).map((letter) => `${region}${letter}`);
}
