import { ObjectProblem } from '../object-problem';
import { flatten, LoadedTemplate } from './cloudformation-templates';
import { rolesOf, Statement, TemplateRole } from './iam-roles';

/**
 * Properties 14-20 of policies.md, checked over the synthesized CloudFormation templates of the
 * AWS layer (`clusters/infra/cdk.out`), so what is deployed, not only what the CDK code meant,
 * passes the gate. Roles are recognised by what they do, not by name: the Grafana workspace role
 * is trusted by grafana.amazonaws.com, a data-source role holds Grafana's read actions, a
 * collector role is assumed by pods (EKS Pod Identity or the cluster's OIDC provider).
 */
export interface TemplateRule {
  readonly id: string;
  readonly description: string;
  check(templates: readonly LoadedTemplate[]): ObjectProblem[];
}

const GRAFANA_SERVICE = 'grafana.amazonaws.com';
/** Actions only a Grafana data source needs; a role holding one is a data-source role. */
const DATA_SOURCE_ACTIONS = ['aps:QueryMetrics', 'cloudwatch:GetMetricData', 'logs:StartQuery', 'xray:GetTraceSummaries'];
/** Verbs that only read. Logs Insights queries start and stop, but read. */
const READ_VERB = /^(Get|List|Describe|Query|Search|BatchGet|Select|Lookup|View|Filter|Read|StartQuery|StopQuery)/;

function roleFinding(role: TemplateRole, rule: string, field: string, message: string): ObjectProblem {
  return { file: role.template.file, object: `AWS::IAM::Role ${role.logicalId}`, field, message: `${role.roleName ? `${role.roleName}: ` : ''}${message}`, rule };
}

function trustsGrafana(role: TemplateRole): boolean {
  return role.trust.some((statement) => (statement.principals.Service ?? []).includes(GRAFANA_SERVICE));
}

function isDataSourceRole(role: TemplateRole): boolean {
  return role.permissions.some((statement) => statement.actions.some((action) => DATA_SOURCE_ACTIONS.includes(action))) && role.trust.some((statement) => (statement.principals.AWS ?? []).length > 0);
}

function conditionKeys(statement: Statement, operators: readonly string[]): string[] {
  return operators.flatMap((operator) => Object.keys(statement.condition?.[operator] ?? {}));
}

export const noIamUsersOrKeys: TemplateRule = {
  id: 'iam-no-users-or-keys',
  description: 'No IAM user, access key or other long-lived credential in a template, and no output that carries a key, token or password.',
  check(templates) {
    const forbidden = new Set(['AWS::IAM::User', 'AWS::IAM::AccessKey', 'AWS::IAM::UserToGroupAddition', 'AWS::IAM::ServiceSpecificCredential']);
    return templates.flatMap((template) => [
      ...Object.entries(template.resources)
        .filter(([, resource]) => forbidden.has(resource.Type))
        .map(([logicalId, resource]) => ({ file: template.file, object: `${resource.Type} ${logicalId}`, field: `/Resources/${logicalId}`, message: 'long-lived credentials; use roles assumed through trust policies', rule: this.id })),
      ...Object.keys(template.outputs)
        .filter((name) => /access.?key|secret|api.?key|token|password/i.test(name))
        .map((name) => ({ file: template.file, object: `Output ${name}`, field: `/Outputs/${name}`, message: 'an output named like a credential; outputs are readable by anyone who can describe the stack', rule: this.id })),
    ]);
  },
};

export const grafanaWorkspaceTrust: TemplateRule = {
  id: 'iam-grafana-workspace-trust',
  description: 'The Grafana workspace role trusts only grafana.amazonaws.com, with aws:SourceAccount and aws:SourceArn conditions (confused deputy).',
  check(templates) {
    return rolesOf(templates)
      .filter(trustsGrafana)
      .flatMap((role) =>
        role.trust.flatMap((statement) => {
          const others = Object.entries(statement.principals).flatMap(([type, values]) => values.filter((value) => !(type === 'Service' && value === GRAFANA_SERVICE)).map((value) => `${type} ${value}`));
          if (others.length > 0) return [roleFinding(role, this.id, `${statement.pointer}/Principal`, `also trusts ${others.join(', ')}; the workspace role trusts only ${GRAFANA_SERVICE}`)];
          const missing = [
            ...(conditionKeys(statement, ['StringEquals']).includes('aws:SourceAccount') ? [] : ['StringEquals aws:SourceAccount']),
            ...(conditionKeys(statement, ['ArnLike', 'ArnEquals', 'StringEquals', 'StringLike']).includes('aws:SourceArn') ? [] : ['aws:SourceArn']),
          ];
          return missing.length > 0 ? [roleFinding(role, this.id, `${statement.pointer}/Condition`, `lacks ${missing.join(' and ')}, so another account's workspace could use it`)] : [];
        }),
      );
  },
};

export const grafanaAssumesOnlyDataSources: TemplateRule = {
  id: 'iam-grafana-assumes-only-data-sources',
  description: 'The Grafana workspace role may assume only named role ARNs (the data-source roles), never "*".',
  check(templates) {
    return rolesOf(templates)
      .filter(trustsGrafana)
      .flatMap((role) =>
        role.permissions
          .filter((statement) => statement.effect === 'Allow' && statement.actions.some((action) => action === '*' || action.startsWith('sts:')))
          .filter((statement) => statement.resources.some((resource) => resource.includes('*') || !/:iam::[^:]*:role\//.test(resource)))
          .map((statement) => roleFinding(role, this.id, `${statement.pointer}/Resource`, `may assume ${statement.resources.join(', ')}; list the data-source role ARNs`)),
      );
  },
};

export const dataSourceRoleTrust: TemplateRule = {
  id: 'iam-data-source-role-trust',
  description: 'A data-source role trusts exactly the Grafana workspace role ARN: not an account root, not "*".',
  check(templates) {
    return rolesOf(templates)
      .filter(isDataSourceRole)
      .flatMap((role) =>
        role.trust.flatMap((statement) =>
          (statement.principals.AWS ?? [])
            .filter((principal) => principal === '*' || principal.endsWith(':root') || /^\d{12}$/.test(principal) || !principal.includes(':role/'))
            .map((principal) => roleFinding(role, this.id, `${statement.pointer}/Principal/AWS`, `trusts ${principal}; trust the Grafana workspace role's ARN only`)),
        ),
      );
  },
};

export const dataSourceRoleReadOnly: TemplateRule = {
  id: 'iam-data-source-role-read-only',
  description: 'A data-source role only reads: no Put, Write, Create or wildcard actions, and no ssm:GetParameter on "*".',
  check(templates) {
    return rolesOf(templates)
      .filter(isDataSourceRole)
      .flatMap((role) =>
        role.permissions
          .filter((statement) => statement.effect === 'Allow')
          .flatMap((statement) => {
            const writes = statement.actions.filter((action) => !READ_VERB.test(action.split(':')[1] ?? action));
            const secrets = statement.actions.filter((action) => /^ssm:GetParameter/.test(action)).length > 0 && statement.resources.includes('*');
            return [
              ...(writes.length > 0 ? [roleFinding(role, this.id, `${statement.pointer}/Action`, `grants ${writes.join(', ')}; a data source only reads`)] : []),
              ...(secrets ? [roleFinding(role, this.id, `${statement.pointer}/Resource`, 'reads every SSM parameter ("*"); name the parameters')] : []),
            ];
          }),
      );
  },
};

/** The OIDC `sub` condition of a web-identity trust, resolving CDK's CfnJson indirection. */
function subjectConditions(statement: Statement, template: LoadedTemplate): { operator: string; values: string[] }[] {
  return Object.entries(statement.condition ?? {}).flatMap(([operator, entries]) => {
    let resolved: unknown = entries;
    const getAtt = (entries as { 'Fn::GetAtt'?: unknown[] })['Fn::GetAtt'];
    if (Array.isArray(getAtt)) {
      const value = template.resources[String(getAtt[0])]?.Properties?.Value;
      try {
        resolved = JSON.parse(flatten(value));
      } catch {
        resolved = {};
      }
    }
    return Object.entries((resolved as Record<string, unknown>) ?? {})
      .filter(([key]) => key.endsWith(':sub'))
      .map(([, value]) => ({ operator, values: (Array.isArray(value) ? value : [value]).map(flatten) }));
  });
}

const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';
/** Session tags EKS Pod Identity sets; a trust naming all three binds one service account of one cluster. */
const POD_IDENTITY_TAGS = ['aws:RequestTag/eks-cluster-name', 'aws:RequestTag/kubernetes-namespace', 'aws:RequestTag/kubernetes-service-account'];

function webIdentityProblems(statement: Statement, template: LoadedTemplate): string | undefined {
  const subjects = subjectConditions(statement, template);
  const exact = subjects.filter((subject) => subject.operator === 'StringEquals' && subject.values.length === 1 && /^system:serviceaccount:[a-z0-9-]+:[a-z0-9-]+$/.test(subject.values[0]));
  return exact.length === 1 && subjects.length === 1 ? undefined : `must bind one service account with StringEquals "<issuer>:sub": "system:serviceaccount:<namespace>:<name>", found ${JSON.stringify(subjects)}`;
}

function podIdentityProblems(statement: Statement): string | undefined {
  const equals = (statement.condition?.StringEquals ?? {}) as Record<string, unknown>;
  const missing = POD_IDENTITY_TAGS.filter((tag) => typeof equals[tag] !== 'string' || /[*?]/.test(String(equals[tag])));
  return missing.length === 0 ? undefined : `must name one cluster, namespace and service account with StringEquals on ${missing.join(', ')}`;
}

export const collectorRoleScoped: TemplateRule = {
  id: 'iam-collector-role-scoped',
  description: 'A role pods assume (EKS Pod Identity or the cluster\'s OIDC provider) is bound to exactly one service account, and writes to AMP only on a named workspace.',
  check(templates) {
    return rolesOf(templates).flatMap((role) => {
      const trust = role.trust.flatMap((statement) => {
        const problem = statement.actions.includes('sts:AssumeRoleWithWebIdentity')
          ? webIdentityProblems(statement, role.template)
          : (statement.principals.Service ?? []).includes(POD_IDENTITY_SERVICE)
            ? podIdentityProblems(statement)
            : undefined;
        return problem ? [roleFinding(role, this.id, `${statement.pointer}/Condition`, problem)] : [];
      });
      const assumedByPods = role.trust.some((statement) => statement.actions.includes('sts:AssumeRoleWithWebIdentity') || (statement.principals.Service ?? []).includes(POD_IDENTITY_SERVICE));
      const writes = assumedByPods
        ? role.permissions
            .filter((statement) => statement.actions.some((action) => action === 'aps:RemoteWrite' || action === 'aps:*') && statement.resources.some((resource) => resource === '*'))
            .map((statement) => roleFinding(role, this.id, `${statement.pointer}/Resource`, 'remote-writes to every AMP workspace ("*"); name the workspace ARN'))
        : [];
      return [...trust, ...writes];
    });
  },
};

export const cdkNagReasoned: TemplateRule = {
  id: 'cdk-nag-reasoned',
  description: 'Every cdk-nag rule suppressed on a resource carries a written reason.',
  check(templates) {
    return templates.flatMap((template) =>
      Object.entries(template.resources).flatMap(([logicalId, resource]) => {
        const suppressions = ((resource.Metadata?.cdk_nag as { rules_to_suppress?: { id?: string; reason?: string }[] } | undefined)?.rules_to_suppress ?? []);
        return suppressions
          .map((suppression, index) => ({ suppression, index }))
          .filter(({ suppression }) => (suppression.reason ?? '').trim().length < 10)
          .map(({ suppression, index }) => ({ file: template.file, object: `${resource.Type} ${logicalId}`, field: `/Resources/${logicalId}/Metadata/cdk_nag/rules_to_suppress/${index}`, message: `suppresses ${String(suppression.id)} without a reason`, rule: this.id }));
      }),
    );
  },
};

export const TEMPLATE_RULES: readonly TemplateRule[] = [noIamUsersOrKeys, grafanaWorkspaceTrust, grafanaAssumesOnlyDataSources, dataSourceRoleTrust, dataSourceRoleReadOnly, collectorRoleScoped, cdkNagReasoned];
