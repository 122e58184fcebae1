import { flatten, LoadedTemplate, TemplateResource } from './cloudformation-templates';

/** One statement of a policy document, normalised to lists. */
export interface Statement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** Principals by type (`AWS`, `Service`, `Federated`), flattened to text. */
  readonly principals: Readonly<Record<string, readonly string[]>>;
  readonly condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** JSON pointer of the statement in the template. */
  readonly pointer: string;
}

/** An IAM role of a template with its trust policy and every permission statement attached to it. */
export interface TemplateRole {
  readonly template: LoadedTemplate;
  readonly logicalId: string;
  /** `RoleName` when it is a literal. */
  readonly roleName?: string;
  readonly trust: readonly Statement[];
  readonly permissions: readonly Statement[];
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

export function statementsOf(document: unknown, pointer: string): Statement[] {
  const statements = list((document as { Statement?: unknown } | undefined)?.Statement);
  return statements.map((raw, index) => {
    const statement = raw as { Effect?: string; Action?: unknown; Resource?: unknown; Principal?: unknown; Condition?: Statement['condition'] };
    const principal = statement.Principal;
    const principals: Record<string, string[]> =
      principal === '*' ? { AWS: ['*'] } : Object.fromEntries(Object.entries((principal as Record<string, unknown> | undefined) ?? {}).map(([type, values]) => [type, list(values).map(flatten)]));
    return {
      effect: statement.Effect ?? 'Allow',
      actions: list(statement.Action).map(flatten),
      resources: list(statement.Resource).map(flatten),
      principals,
      condition: statement.Condition,
      pointer: `${pointer}/Statement/${index}`,
    };
  });
}

/** Logical ids a `Roles` list of a policy resource refers to. */
function referencedRoles(value: unknown): string[] {
  return list(value).flatMap((entry) => (entry !== null && typeof entry === 'object' && 'Ref' in entry ? [String((entry as { Ref: unknown }).Ref)] : []));
}

/** Every AWS::IAM::Role of the templates, with inline policies and the policy resources attached to it. */
export function rolesOf(templates: readonly LoadedTemplate[]): TemplateRole[] {
  return templates.flatMap((template) => {
    const attached = new Map<string, Statement[]>();
    for (const [logicalId, resource] of Object.entries(template.resources)) {
      if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
      const statements = statementsOf(resource.Properties?.PolicyDocument, `/Resources/${logicalId}/Properties/PolicyDocument`);
      for (const role of referencedRoles(resource.Properties?.Roles)) attached.set(role, [...(attached.get(role) ?? []), ...statements]);
    }
    return Object.entries(template.resources)
      .filter(([, resource]) => resource.Type === 'AWS::IAM::Role')
      .map(([logicalId, resource]: [string, TemplateResource]) => {
        const properties = resource.Properties ?? {};
        const inline = list(properties.Policies).flatMap((policy, index) => statementsOf((policy as { PolicyDocument?: unknown }).PolicyDocument, `/Resources/${logicalId}/Properties/Policies/${index}/PolicyDocument`));
        return {
          template,
          logicalId,
          roleName: typeof properties.RoleName === 'string' ? properties.RoleName : undefined,
          trust: statementsOf(properties.AssumeRolePolicyDocument, `/Resources/${logicalId}/Properties/AssumeRolePolicyDocument`),
          permissions: [...inline, ...(attached.get(logicalId) ?? [])],
        };
      });
  });
}
