import { aws_eks as eks } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PLATFORM_ADMINS_GROUP, teamGroupName } from '../../fleet/derived-names';
import { Fleet } from '../../fleet/fleet-schema';

export interface TeamAccessEntriesProps {
  /** The cluster to grant access to. */
  readonly cluster: eks.ICluster;
  /** Account id of the cluster; principals of other accounts are skipped (they cannot reach it). */
  readonly accountId: string;
  /** The fleet: `platformTeam.principals` and `teams.<name>.principals`. */
  readonly fleet: Fleet;
}

/**
 * One EKS access entry per IAM principal of the cluster's account, carrying the Kubernetes groups
 * the rendered RBAC binds: `platform-admins` (cluster-admin) for the platform team and
 * `<team>-developers` (edit in the team namespace) for an application team. No access policy is
 * attached: what a group may do is the cluster's RBAC, reviewed in `dist/`.
 */
export class TeamAccessEntries extends Construct {
  /** Principal ARN -> Kubernetes groups, as granted. */
  public readonly groupsByPrincipal: ReadonlyMap<string, readonly string[]>;

  public constructor(scope: Construct, id: string, props: TeamAccessEntriesProps) {
    super(scope, id);
    const groups = new Map<string, string[]>();
    const grant = (principal: string, group: string) => {
      if (principal.split(':')[4] !== props.accountId) {
        return;
      }
      groups.set(principal, [...(groups.get(principal) ?? []), group]);
    };
    props.fleet.platformTeam.principals.forEach((principal) => grant(principal, PLATFORM_ADMINS_GROUP));
    for (const [team, spec] of Object.entries(props.fleet.teams)) {
      spec.principals.forEach((principal) => grant(principal, teamGroupName(team)));
    }
    // A principal may carry several groups, but EKS allows one access entry per principal.
    // Ids come from the principal, so removing one principal leaves the others' entries alone.
    for (const [principal, kubernetesGroups] of groups) {
      new eks.CfnAccessEntry(this, principal.split(':').slice(5).join(':').replace(/[^A-Za-z0-9]/g, '-'), {
        clusterName: props.cluster.clusterName,
        principalArn: principal,
        type: 'STANDARD',
        kubernetesGroups: [...new Set(kubernetesGroups)].sort(),
      });
    }
    this.groupsByPrincipal = groups;
  }
}
