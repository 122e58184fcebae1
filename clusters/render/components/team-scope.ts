import { App, Chart } from 'cdk8s';
import { NetworkFlow, WorkloadNetworkPolicy } from '../../../charts/network-flows';
import { isLoadBalanced } from '../../../charts/service-exposure';
import { describeTeamSyncableKinds, isTeamSyncable } from '../../../platform/tenancy/team-resource-kinds';
import { WorkloadDefinition, WorkloadProps } from '../../../workloads/workload-definition';
import { FlowException } from '../../fleet/fleet-schema';
import { KubernetesObject } from '../leaf-files';

/** Who an app is, for messages: team, app and the cluster being rendered. */
export interface TeamAppIdentity {
  readonly cluster: string;
  readonly team: string;
  readonly app: string;
}

function where(identity: TeamAppIdentity): string {
  return `app ${identity.app} of team ${identity.team} (cluster ${identity.cluster})`;
}

/**
 * Renders a team's app chart in an App of its own. The chart cannot see the cluster's App, so
 * it cannot add objects to platform folders; what it renders is then held to the team's scope:
 * only the kinds the team project syncs, only in the team's namespace, only in its one chart.
 */
export function renderTeamChart(definition: WorkloadDefinition, id: string, props: WorkloadProps, identity: TeamAppIdentity): Chart {
  const sandbox = new App();
  const chart = definition.render(sandbox, id, props);
  const problems: string[] = [];
  if (chart.node.root !== sandbox) {
    problems.push(`returns a chart that was not created in the scope it was given`);
  }
  for (const other of sandbox.charts.filter((candidate) => candidate !== chart)) {
    problems.push(`creates a second chart "${other.node.path}"; an app renders exactly one chart, its own folder`);
  }
  for (const object of chart.toJson() as KubernetesObject[]) {
    const name = `${object.kind} ${object.metadata.name}`;
    if (!isTeamSyncable(object.apiVersion, object.kind)) {
      problems.push(`renders ${name} (${object.apiVersion}), a kind the team may not sync (allowed: ${describeTeamSyncableKinds()})`);
    } else if (object.metadata.namespace !== props.namespace) {
      problems.push(`renders ${name} in namespace "${object.metadata.namespace ?? ''}"; every object of the app belongs in ${props.namespace}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`${where(identity)} leaves its scope:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nTeam charts render only their own objects; the platform renders isolation, RBAC and anything cluster-wide.`);
  }
  return chart;
}

function sameLabels(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>>): boolean {
  const left = Object.entries(a ?? {}).sort();
  const right = Object.entries(b).sort();
  return left.length === right.length && left.every(([key, value], index) => key === right[index][0] && value === right[index][1]);
}

/** Peers the platform grants every app: the collectors that scrape it and receive its traces. */
function isPlatformGrantedPeer(flow: NetworkFlow, direction: 'ingress' | 'egress', props: WorkloadProps): boolean {
  if ('cidr' in flow.peer) return false;
  const { namespace, podLabels } = flow.peer;
  if (direction === 'ingress') {
    return namespace === props.scraper.namespace && sameLabels(podLabels, props.scraper.podLabels);
  }
  return (
    namespace === props.traceReceiver.namespace &&
    sameLabels(podLabels, props.traceReceiver.podLabels) &&
    flow.ports.length === 1 &&
    flow.ports[0] === props.traceReceiver.port
  );
}

/** The exception of the fleet file covering the peer of `flow`, if any. */
function exceptionFor(flow: NetworkFlow, props: WorkloadProps, exceptions: readonly FlowException[]): FlowException | undefined {
  if ('cidr' in flow.peer) {
    const cidr = flow.peer.cidr;
    return exceptions.find((exception) => exception.cidr === cidr);
  }
  const namespace = flow.peer.namespace;
  if (namespace === undefined || namespace === props.namespace) {
    return exceptions.find((exception) => exception.cidr === undefined && exception.namespace === undefined);
  }
  return exceptions.find((exception) => exception.namespace === namespace);
}

/**
 * Refuses the flows of a team's app that reach further than the platform grants, unless the
 * fleet file carries a reasoned exception for them: an IP block (the VPC for an exposed app's
 * load balancer aside), any namespace but the team's own (the collectors aside), or every port.
 */
export function checkTeamFlows(
  policies: readonly WorkloadNetworkPolicy[],
  props: WorkloadProps,
  exceptions: readonly FlowException[],
  identity: TeamAppIdentity,
): readonly WorkloadNetworkPolicy[] {
  const problems: string[] = [];
  for (const policy of policies) {
    for (const direction of ['ingress', 'egress'] as const) {
      policy[direction].forEach((flow, index) => {
        const at = `NetworkPolicy ${policy.name} ${direction}[${index}] ("${flow.reason}")`;
        const exception = exceptionFor(flow, props, exceptions);
        if ('cidr' in flow.peer) {
          const loadBalancer = direction === 'ingress' && isLoadBalanced(props.exposure) && flow.peer.cidr === props.vpcCidr;
          if (!loadBalancer && !exception) {
            problems.push(`${at} names the IP block ${flow.peer.cidr}; add a networkExceptions entry with cidr: ${flow.peer.cidr} and a reason to the app in the fleet file`);
          }
        } else if (flow.peer.namespace !== undefined && flow.peer.namespace !== props.namespace) {
          if (!isPlatformGrantedPeer(flow, direction, props) && !exception) {
            problems.push(`${at} names namespace ${flow.peer.namespace}; add a networkExceptions entry with namespace: ${flow.peer.namespace} and a reason to the app in the fleet file`);
          }
        }
        if (flow.ports.length === 0 && !exception?.allPorts) {
          problems.push(`${at} lists no port, which opens every port; name the ports, or add a networkExceptions entry for this peer with allPorts: true and a reason`);
        }
      });
    }
  }
  if (problems.length > 0) {
    throw new Error(`${where(identity)} declares flows beyond what the platform grants:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  return policies;
}
