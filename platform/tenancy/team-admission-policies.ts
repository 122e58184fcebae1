import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import type { IValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { ServiceExposure } from '../../charts/service-exposure';
import { PART_OF_LABEL } from '../../workloads/app-labels';

/**
 * Admission rules the API server applies in team namespaces (ValidatingAdmissionPolicy, GA since
 * Kubernetes 1.30), for what Pod Security `baseline` and RBAC leave open that the project's
 * policies forbid. The policy gate evaluates the very CEL rendered here over `dist/`, so the
 * cluster and CI refuse the same objects. Keep the CEL to what Kubernetes' CEL environment has:
 * the standard macros and functions, `matches` (RE2), `request` and `variables`.
 */

/** Annotation the AWS Load Balancer Controller reads a load balancer's scheme from. */
const SCHEME_ANNOTATION = 'service.beta.kubernetes.io/aws-load-balancer-scheme';

/** A load balancer the fleet grants: the app (by its part-of label) in a team namespace, with its scheme. */
export interface LoadBalancerGrant {
  readonly namespace: string;
  readonly app: string;
  readonly exposure: Exclude<ServiceExposure, 'none'>;
}

export interface AdmissionValidation {
  readonly expression: string;
  readonly message: string;
}

/** One policy: the resources it matches and the checks every matched object must pass. */
export interface TeamAdmissionRule {
  /** Policy (and binding) name. */
  readonly name: string;
  /** Core-group resources the policy matches on create and update. */
  readonly resources: readonly ('services' | 'pods')[];
  readonly variables: readonly { readonly name: string; readonly expression: string }[];
  readonly validations: readonly AdmissionValidation[];
}

/** A CEL string literal. */
function celString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Service rules: nothing that sends traffic elsewhere or opens nodes, load balancers only where granted. */
export function serviceRule(grants: readonly LoadBalancerGrant[]): TeamAdmissionRule {
  const granted = grants.map((grant) => celString(`${grant.namespace}/${grant.app}/${grant.exposure}`)).sort();
  return {
    name: 'team-services',
    resources: ['services'],
    variables: [
      { name: 'serviceType', expression: "has(object.spec.type) ? object.spec.type : 'ClusterIP'" },
      { name: 'app', expression: `has(object.metadata.labels) && ${celString(PART_OF_LABEL)} in object.metadata.labels ? object.metadata.labels[${celString(PART_OF_LABEL)}] : ''` },
      { name: 'scheme', expression: `has(object.metadata.annotations) && ${celString(SCHEME_ANNOTATION)} in object.metadata.annotations ? object.metadata.annotations[${celString(SCHEME_ANNOTATION)}] : ''` },
    ],
    validations: [
      {
        expression: '!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0',
        message: 'Services in team namespaces may not set externalIPs (they capture traffic to any address, CVE-2020-8554).',
      },
      { expression: "variables.serviceType != 'ExternalName'", message: 'Services in team namespaces may not be ExternalName (a name pointing anywhere, the platform\'s services included).' },
      { expression: "variables.serviceType != 'NodePort'", message: 'Services in team namespaces may not be NodePort; ask for exposure in the fleet file.' },
      {
        expression: `variables.serviceType != 'LoadBalancer' || (request.namespace + '/' + variables.app + '/' + variables.scheme) in [${granted.join(', ')}]`,
        message: `A LoadBalancer Service needs the exposure the fleet file grants its app (label ${PART_OF_LABEL}, annotation ${SCHEME_ANNOTATION}).`,
      },
      {
        expression: "variables.serviceType != 'LoadBalancer' || (has(object.spec.allocateLoadBalancerNodePorts) && !object.spec.allocateLoadBalancerNodePorts)",
        message: 'A LoadBalancer Service in a team namespace sets allocateLoadBalancerNodePorts: false (IP targets need no node port).',
      },
    ],
  };
}

const SECCOMP_TYPES = "['RuntimeDefault', 'Localhost']";

/** Pod rules: the parts of `restricted` every app meets (exceptions included) and pinned images. */
export const POD_RULE: TeamAdmissionRule = {
  name: 'team-pods',
  resources: ['pods'],
  variables: [
    {
      name: 'containers',
      expression: 'object.spec.containers + (has(object.spec.initContainers) ? object.spec.initContainers : []) + (has(object.spec.ephemeralContainers) ? object.spec.ephemeralContainers : [])',
    },
    {
      name: 'podSeccomp',
      expression: `has(object.spec.securityContext) && has(object.spec.securityContext.seccompProfile) && object.spec.securityContext.seccompProfile.type in ${SECCOMP_TYPES}`,
    },
  ],
  validations: [
    {
      expression: 'variables.containers.all(c, has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false)',
      message: 'Every container in a team namespace sets securityContext.allowPrivilegeEscalation: false.',
    },
    {
      expression: "variables.containers.all(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && 'ALL' in c.securityContext.capabilities.drop)",
      message: 'Every container in a team namespace drops ALL capabilities (and adds back only what a reasoned exception names).',
    },
    {
      expression: `variables.containers.all(c, has(c.securityContext) && has(c.securityContext.seccompProfile) ? c.securityContext.seccompProfile.type in ${SECCOMP_TYPES} : variables.podSeccomp)`,
      message: 'Every container in a team namespace runs with the RuntimeDefault (or a Localhost) seccomp profile.',
    },
    {
      expression:
        "variables.containers.all(c, c.image.matches('^[^@]+@sha256:[a-f0-9]{64}$') || (c.image.matches('^([^/]+/)*[^/:@]+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$') && !c.image.endsWith(':latest')))",
      message: 'Every image in a team namespace is pinned: a digest, or a tag other than latest.',
    },
  ],
};

export interface TeamAdmissionPoliciesProps {
  /** Namespaces of the teams on the cluster. */
  readonly namespaces: readonly string[];
  /** Load balancers the fleet grants on the cluster. */
  readonly loadBalancers: readonly LoadBalancerGrant[];
  /** Labels on every policy and binding. Default: none. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The rules as rendered for a cluster. */
export function teamAdmissionRules(loadBalancers: readonly LoadBalancerGrant[]): TeamAdmissionRule[] {
  return [serviceRule(loadBalancers), POD_RULE];
}

/**
 * One ValidatingAdmissionPolicy per rule and a binding that denies in every team namespace. The
 * binding selects namespaces by `kubernetes.io/metadata.name`, which the API server sets and
 * nobody can edit.
 */
export class TeamAdmissionPolicies extends Construct {
  public constructor(scope: Construct, id: string, props: TeamAdmissionPoliciesProps) {
    super(scope, id);
    if (props.namespaces.length === 0) return;
    for (const rule of teamAdmissionRules(props.loadBalancers)) {
      const policy: IValidatingAdmissionPolicy = {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name: rule.name, labels: { ...props.labels } },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: {
            resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: [...rule.resources] }],
          },
          variables: rule.variables.map((variable) => ({ ...variable })),
          validations: rule.validations.map((validation) => ({ ...validation, reason: 'Forbidden' })),
        },
      };
      new ApiObject(this, `Policy-${rule.name}`, policy);
      const binding: IValidatingAdmissionPolicyBinding = {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name: rule.name, labels: { ...props.labels } },
        spec: {
          policyName: rule.name,
          validationActions: ['Deny'],
          matchResources: {
            namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...props.namespaces].sort() }] },
          },
        },
      };
      new ApiObject(this, `Binding-${rule.name}`, binding);
    }
  }
}
