import { z } from 'zod';
import { AWS_REGIONS } from './aws-regions';
import { imageReferenceProblem } from './image-reference';

/**
 * The schema of `clusters/fleet.yaml`. The TypeScript type `Fleet` is derived from it, so the
 * file, its validation and the code reading it cannot drift apart. Defaults live here and only
 * here. Checks that relate one part of the file to another (references, uniqueness, derived
 * name lengths) are in `fleet-rules.ts`.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label: what Kubernetes accepts as a namespace and what ArgoCD accepts in names. */
export const dnsLabel = z
  .string()
  .max(63, 'must be at most 63 characters (a DNS-1123 label)')
  .regex(DNS_LABEL, 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit');

/**
 * An AWS account id. YAML reads an unquoted `012345678901` as the number 12345678901, silently
 * dropping the leading zero, so numbers are refused rather than converted.
 */
export const accountId = z
  .string({ error: 'must be a quoted string of 12 digits, e.g. "012345678901" (an unquoted number loses its leading zeros)' })
  .regex(/^\d{12}$/, 'must be exactly 12 digits');

export const awsRegion = z
  .string()
  .refine((region) => AWS_REGIONS.includes(region), { message: 'is not an AWS region (e.g. us-west-2, eu-west-1; see clusters/fleet/aws-regions.ts)' });

/** An IAM role ARN, the only kind of principal a team may be mapped to (no IAM users). */
export const iamRoleArn = z
  .string()
  .regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,64}$/, 'must be an IAM role ARN, e.g. "arn:aws:iam::012345678901:role/PlatformAdmins" (users are not accepted)');

/** `repository/image:tag` or `repository/image@sha256:...`; no tag, or a channel tag such as `stable`, floats. */
export const pinnedImage = z.string().superRefine((image, context) => {
  const problem = imageReferenceProblem(image);
  if (problem) context.addIssue({ code: 'custom', message: problem, input: image });
});

export const accountSchema = z.strictObject({
  /** 12-digit account id, quoted. */
  id: accountId,
  /** Region the account's stacks deploy to. */
  region: awsRegion,
});

export const repositorySchema = z.strictObject({
  /** HTTPS URL ArgoCD clones and the pipeline watches, e.g. https://github.com/<owner>/<repo>.git */
  url: z
    .string()
    .regex(/^https:\/\/[\w.-]+\/[\w.-]+\/[\w.-]+?(\.git)?$/, 'must be an https URL of the form https://<host>/<owner>/<repository>.git'),
  /** Branch or tag ArgoCD syncs and the pipeline builds. Default: main. */
  revision: z.string().min(1).default('main'),
});

export const nodeGroupSchema = z
  .strictObject({
    /** EC2 instance type of the managed node group. Default: m5.large. */
    instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'must be an EC2 instance type such as m5.large').default('m5.large'),
    /** Default: 1. */
    minSize: z.number().int().min(0).default(1),
    /** Default: 2. */
    desiredSize: z.number().int().min(0).default(2),
    /** Default: 3. */
    maxSize: z.number().int().min(1).default(3),
  })
  .refine((group) => group.minSize <= group.desiredSize && group.desiredSize <= group.maxSize, {
    message: 'needs minSize <= desiredSize <= maxSize',
  });

export const vpcSchema = z.strictObject({
  /** Default: 10.0.0.0/16. */
  cidr: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-4])$/, 'must be an IPv4 CIDR between /16 and /24')
    .default('10.0.0.0/16'),
  /**
   * NAT gateways (each holds an Elastic IP). Default: 1, so the EIP quota is no surprise. At least
   * one: nodes and the deploy-time kubectl handler live in private subnets, next to the private
   * API endpoint.
   */
  natGateways: z.number().int().min(1, 'must be at least 1: nodes and the EKS API endpoint live in private subnets that reach AWS through NAT').max(3).default(1),
  /** Availability zones to spread subnets over. Default: 3. */
  maxAzs: z.number().int().min(2).max(3).default(3),
  /**
   * The zones, named in the cluster account's region. Default: the first `maxAzs` of the
   * region's zones `a`, `b`, `c` (`a`, `c`, `d` in ap-northeast-1, which has no `b` for new
   * accounts). The AWS layer never asks AWS which zones an account has (no context lookups), so
   * set them here in us-west-1, where each account sees two of three, or when an account lacks
   * one of the defaults.
   */
  availabilityZones: z
    .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, 'must be an availability zone name such as us-west-2a'))
    .min(2, 'must list at least 2 zones (EKS needs subnets in two)')
    .max(3)
    .optional(),
});

/** EKS versions in standard support that aws-cdk-lib knows. */
export const KUBERNETES_VERSIONS = ['1.34', '1.35'] as const;

/**
 * How the metrics collector scales with the cluster (see platform/telemetry/README.md):
 * `single` runs one collector that scrapes every target; `sharded` runs `shards` collectors as a
 * StatefulSet and lets the OpenTelemetry operator's target allocator split the targets between them.
 */
export const metricsCollectionSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('single') }),
  z.strictObject({
    mode: z.literal('sharded'),
    /** Collector pods sharing the targets. Default: 2. */
    shards: z.number().int().min(2, 'must be at least 2; use mode: single for one collector').max(32).default(2),
  }),
]);

export const metricsSchema = z.strictObject({
  /** Where the cluster's Prometheus metrics go: Amazon Managed Prometheus or CloudWatch (EMF). */
  sink: z.enum(['amp', 'cloudwatch']),
  /** Default: `{ mode: single }`, one collector; switch to `{ mode: sharded, shards: N }` as the cluster grows. */
  collection: metricsCollectionSchema.default({ mode: 'single' }),
});

export const tracesSchema = z.strictObject({
  /** Where OTLP traces go. Default: xray. */
  sink: z.enum(['xray']).default('xray'),
  /** Traces collector pods behind its Service, so an app's spans survive one pod's restart. Default: 2. */
  replicas: z.number().int().min(1).max(10).default(2),
});

export const loadGeneratorSchema = z.strictObject({
  /** Default: true, so dashboards have data without a hand-run curl loop. */
  enabled: z.boolean().default(true),
  /** Requests per second sent to each app's entry point. Default: 2. */
  requestsPerSecond: z.number().positive().max(100).default(2),
});

/** An IPv4 block such as 0.0.0.0/0 or 10.0.0.0/8. */
export const ipv4Cidr = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/, 'must be an IPv4 CIDR such as 203.0.113.0/24');

export const clusterSchema = z.strictObject({
  /** Key of `accounts` the cluster lives in (its region); an account may hold several clusters. */
  account: dnsLabel,
  /** Default: 1.35. */
  kubernetesVersion: z.enum(KUBERNETES_VERSIONS).default('1.35'),
  nodeGroup: nodeGroupSchema.default({ instanceType: 'm5.large', minSize: 1, desiredSize: 2, maxSize: 3 }),
  vpc: vpcSchema.default({ cidr: '10.0.0.0/16', natGateways: 1, maxAzs: 3 }),
  metrics: metricsSchema,
  traces: tracesSchema.default({ sink: 'xray', replicas: 2 }),
  loadGenerator: loadGeneratorSchema.default({ enabled: true, requestsPerSecond: 2 }),
  /**
   * Addresses that may reach the EKS API endpoint from the internet (the endpoint is also private
   * to the VPC). Default: none, so the endpoint is private only; list your operators' egress
   * CIDRs (office, VPN) to use kubectl from outside the VPC.
   */
  publicEndpointCidrs: z.array(ipv4Cidr.refine((cidr) => cidr !== '0.0.0.0/0', { message: 'would open the API endpoint to the whole internet; list the CIDRs that need it' })).default([]),
});

export const EXPOSURES = ['none', 'internal', 'internet-facing'] as const;

/**
 * A network flow an app may declare beyond what the platform grants by itself (pods of its own
 * namespace on named ports, the collectors that scrape it and receive its traces, and the VPC
 * for the load balancer of an exposed app). Reviewers read the reason in the pull request.
 */
export const flowExceptionSchema = z
  .strictObject({
    /** An IP block the app's flows may name, e.g. 0.0.0.0/0 for public sites. */
    cidr: ipv4Cidr.optional(),
    /** Another namespace (a platform, kube-* or other team's namespace) the app's flows may name. */
    namespace: dnsLabel.optional(),
    /** Flows to that peer (or, without cidr and namespace, to pods of the team's namespace) may be on every port. Default: false. */
    allPorts: z.boolean().default(false),
    /** Why the app needs it. */
    reason: z.string().trim().min(10, 'must say, in a sentence, why the app needs this flow'),
  })
  .refine((exception) => !(exception.cidr !== undefined && exception.namespace !== undefined), { message: 'must name at most one of "cidr" or "namespace"' })
  .refine((exception) => exception.cidr !== undefined || exception.namespace !== undefined || exception.allPorts, {
    message: 'must name a "cidr" or a "namespace", or set "allPorts: true"',
  });

export const appSchema = z.strictObject({
  /** The chart class that renders the app (see `workloads/`). Default: the app's key. */
  chart: dnsLabel.optional(),
  /** Clusters (keys of `clusters`) the app runs on. */
  clusters: z.array(dnsLabel).min(1, 'must name at least one cluster'),
  /**
   * How the app's entry point is reachable: `none` (ClusterIP, use kubectl port-forward),
   * `internal` or `internet-facing` load balancer. Default: none.
   */
  exposure: z.enum(EXPOSURES).default('none'),
  /** Image overrides by container name, each pinned by tag or digest. Default: the chart's pins. */
  images: z.record(z.string(), pinnedImage).default({}),
  /** Flows beyond what the platform grants by itself, each with its reason. Default: none. */
  networkExceptions: z.array(flowExceptionSchema).default([]),
});

export const quotaSchema = z.strictObject({
  /** Total CPU requests in the namespace. Default: 4. */
  requestsCpu: z.string().regex(/^\d+(\.\d+)?m?$/).default('4'),
  /** Total memory requests. Default: 8Gi. */
  requestsMemory: z.string().regex(/^\d+(Ki|Mi|Gi|Ti)?$/).default('8Gi'),
  /** Total CPU limits. Default: 8. */
  limitsCpu: z.string().regex(/^\d+(\.\d+)?m?$/).default('8'),
  /** Total memory limits. Default: 16Gi. */
  limitsMemory: z.string().regex(/^\d+(Ki|Mi|Gi|Ti)?$/).default('16Gi'),
  /** Pods. Default: 50. */
  pods: z.number().int().positive().default(50),
});

export const teamSchema = z.strictObject({
  /** The one namespace the team deploys into, on every cluster it has apps on. */
  namespace: dnsLabel,
  /** IAM roles whose sessions act as this team in clusters of the same account. Default: none. */
  principals: z.array(iamRoleArn).default([]),
  quota: quotaSchema.default({ requestsCpu: '4', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi', pods: 50 }),
  /** Apps by name. */
  apps: z.record(dnsLabel, appSchema),
});

export const platformTeamSchema = z.strictObject({
  /** IAM roles granted cluster-admin on clusters of the same account. Default: none. */
  principals: z.array(iamRoleArn).default([]),
  /**
   * GitHub team (`@org/team`) that must approve changes to platform paths; `npm run synth`
   * renders `.github/CODEOWNERS` naming it. Default: none (the repository's CODEOWNERS is then
   * left as it is).
   */
  codeOwner: z.string().regex(/^@[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9][\w.-]*$/, 'must be a GitHub team handle such as "@example-org/platform-team"').optional(),
});

/**
 * Amazon Managed Grafana versions the project renders for (a workspace's `grafanaVersion`). 12.4 is
 * the newest whose version string is confirmed; AMG's user guide also documents 13.x workspaces:
 * add its version string here once ListVersions shows it.
 */
export const GRAFANA_VERSIONS = ['10.4', '12.4'] as const;

export type GrafanaVersion = (typeof GRAFANA_VERSIONS)[number];

/**
 * An IAM Identity Center user or group id (the identity store's id, as shown in the Identity
 * Center console or by `aws identitystore get-group-id`), e.g. `906727c4-20a1-70f4-0b58-4a1e7a3f1a2b`.
 */
export const identityCenterId = z
  .string()
  .regex(/^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/, 'must be an IAM Identity Center user or group id, e.g. "906727c4-20a1-70f4-0b58-4a1e7a3f1a2b" (aws identitystore get-group-id)');

export const grafanaRoleMembersSchema = z.strictObject({
  /** Identity Center group ids. Default: none. */
  groups: z.array(identityCenterId).default([]),
  /** Identity Center user ids. Default: none. */
  users: z.array(identityCenterId).default([]),
});

/** Who may log in to the workspace, by Grafana role; the AWS layer assigns them (AWS_SSO only). */
export const grafanaAccessSchema = z.strictObject({
  /** Default: nobody. */
  admins: grafanaRoleMembersSchema.default({ groups: [], users: [] }),
  /** Default: nobody. */
  editors: grafanaRoleMembersSchema.default({ groups: [], users: [] }),
  /** Default: nobody. */
  viewers: grafanaRoleMembersSchema.default({ groups: [], users: [] }),
});

export const grafanaSchema = z.strictObject({
  /** Key of `accounts` holding the Amazon Managed Grafana workspace. */
  account: dnsLabel,
  /** Workspace Grafana version; data sources and dashboards are rendered for it. Default: 12.4. */
  version: z.enum(GRAFANA_VERSIONS).default('12.4'),
  /** Default: AWS_SSO (IAM Identity Center). */
  authentication: z.enum(['AWS_SSO', 'SAML']).default('AWS_SSO'),
  /** Cluster (key of `clusters`), on either metrics path, that runs grafana-operator and pushes dashboards and data sources to the workspace. */
  managerCluster: dnsLabel,
  /** Identity Center groups and users assigned to the workspace as Admin, Editor or Viewer. Default: nobody. */
  access: grafanaAccessSchema.default({ admins: { groups: [], users: [] }, editors: { groups: [], users: [] }, viewers: { groups: [], users: [] } }),
  /** Let workspace admins install plugins from the Grafana catalog. Default: false (every data source used is built in). */
  pluginAdmin: z.boolean().default(false),
});

/**
 * The fleet's one Amazon Managed Prometheus workspace, in the region of `account`. Every cluster
 * with `metrics.sink: amp`, in any account and region, remote-writes to it through a role of this
 * account (one per writing account). One workspace rather than one per region: dashboards,
 * recording rules and alerts then see every AMP cluster through one data source and one rule
 * set, and `$cluster` lists them all. The price is cross-region transfer for clusters in other
 * regions, and one workspace's quotas (active series, ingestion rate) for the whole path: raise
 * them, or split the fleet into several fleet files, before they bind.
 */
export const ampSchema = z.strictObject({
  /** Key of `accounts` holding the AMP workspace; AMP clusters may live in any account. */
  account: dnsLabel,
  /** Workspace alias. Default: multi-account-monitoring. */
  alias: z.string().regex(/^[\w.-]{1,100}$/).default('multi-account-monitoring'),
});

export const pipelineSchema = z.strictObject({
  /** Key of `accounts` running CodePipeline. */
  account: dnsLabel,
  /**
   * ARN of the AWS CodeConnections connection (in the pipeline account) to the repository's
   * host, created once in the console and authorized there; no personal token is stored.
   * Needed by the AWS layer's pipeline only (rendering works without it). Default: none.
   */
  connectionArn: z
    .string()
    .regex(
      /^arn:aws[\w-]*:(codeconnections|codestar-connections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]{36}$/,
      'must be a CodeConnections connection ARN, e.g. "arn:aws:codeconnections:us-west-2:012345678901:connection/<uuid>"',
    )
    .optional(),
  /** Ask a person before deploying to production. Default: true. */
  manualApproval: z.boolean().default(true),
});

/** The object a policy exception is about, as rendered. */
export const policyExceptionObjectSchema = z.strictObject({
  /** Kind of the object, e.g. Deployment. */
  kind: z.string().min(1),
  /** metadata.name of the object. */
  name: z.string().min(1),
  /** metadata.namespace; omit for cluster-scoped objects. Default: none. */
  namespace: z.string().min(1).optional(),
  /** Cluster (key of `clusters`) the exception is limited to. Default: every cluster. */
  cluster: dnsLabel.optional(),
});

/**
 * One finding of `npm run validate` the platform team accepts, with the reason written down.
 * An entry names either a rendered object or a repository file; an entry that matches no
 * finding is itself reported, so the list cannot outlive what it excuses.
 */
export const policyExceptionSchema = z
  .strictObject({
    /** Id of the rule whose finding is accepted (see clusters/validate/policy-rules.ts). */
    rule: z.string().regex(/^[a-z0-9-]+$/, 'must be a rule id such as pod-security-restricted'),
    /** The rendered object the finding is about. */
    object: policyExceptionObjectSchema.optional(),
    /** A repository path (for findings about files, such as the secrets scan). */
    file: z.string().min(1).optional(),
    /** Why the finding is acceptable; reviewers read it in the pull request. */
    reason: z.string().trim().min(10, 'must say, in a sentence, why the finding is acceptable'),
  })
  .refine((exception) => (exception.object === undefined) !== (exception.file === undefined), {
    message: 'must name exactly one of "object" (kind, name, namespace, cluster) or "file"',
  });

export const fleetSchema = z.strictObject({
  repository: repositorySchema,
  /** Accounts by name; clusters and services refer to these names. */
  accounts: z.record(dnsLabel, accountSchema),
  pipeline: pipelineSchema,
  amp: ampSchema,
  grafana: grafanaSchema,
  clusters: z.record(dnsLabel, clusterSchema),
  platformTeam: platformTeamSchema.default({ principals: [] }),
  teams: z.record(dnsLabel, teamSchema),
  /** Policy findings accepted on purpose, each with its reason. Default: none. */
  policyExceptions: z.array(policyExceptionSchema).default([]),
});

/** The validated fleet, defaults applied. */
export type Fleet = z.output<typeof fleetSchema>;
export type FleetInput = z.input<typeof fleetSchema>;
export type ClusterSpec = z.output<typeof clusterSchema>;
export type MetricsCollection = z.output<typeof metricsCollectionSchema>;
export type TeamSpec = z.output<typeof teamSchema>;
export type AppSpec = z.output<typeof appSchema>;
export type FlowException = z.output<typeof flowExceptionSchema>;
export type AccountSpec = z.output<typeof accountSchema>;
export type Exposure = (typeof EXPOSURES)[number];
export type PolicyException = z.output<typeof policyExceptionSchema>;
export type GrafanaAccess = z.output<typeof grafanaAccessSchema>;
