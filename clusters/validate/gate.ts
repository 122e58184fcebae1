import { isAbsolute, relative, resolve } from 'node:path';
import { Fleet } from '../fleet/fleet-schema';
import { readTemplates } from './cloudformation/cloudformation-templates';
import { TEMPLATE_RULES } from './cloudformation/template-rules';
import { applyPolicyExceptions, ExceptionOutcome, GateFinding } from './policy-exceptions';
import { POLICY_RULES } from './policy-rules';
import { readRenderedObjects } from './rendered-objects';
import { repositoryFiles, scanFiles, SECRETS_RULE_ID } from './secrets/scan-secrets';
import { countBySchema, validateObjects } from './validate-dist';
import { workloadExceptions } from './workload-exceptions';

export interface GateOptions {
  readonly fleet: Fleet;
  /** The fleet file, relative to the repository root (findings about exceptions point there). */
  readonly fleetFile: string;
  /** Rendered tree to validate. */
  readonly distDir: string;
  /** Folder of CustomResourceDefinition files custom resources are validated against; default: the schemas generated into the repository. */
  readonly crdFolder?: string;
  /** Repository whose tracked files the secrets scan reads. */
  readonly repositoryRoot: string;
  /**
   * Cloud assembly of the AWS layer (`cdk synth` output) whose templates the IAM rules read.
   * Default: none, and the template rules are skipped.
   */
  readonly cdkOut?: string;
}

/** What a gate run checked, for the line that ends `npm run validate`. */
export interface GateSummary {
  /** Rendered objects read, and how many of them each schema set checked. */
  readonly objects: number;
  readonly kubernetesSchemas: number;
  readonly crdSchemas: number;
  readonly policyRules: number;
  /** CloudFormation templates read (0 when no cloud assembly was given) and the rules applied to them. */
  readonly templates: number;
  readonly templateRules: number;
  /** Files the secrets scan read. */
  readonly scannedFiles: number;
}

export interface GateOutcome extends ExceptionOutcome {
  readonly summary: GateSummary;
}

/** Every rule id a finding (and so an exception) can carry. */
export const GATE_RULE_IDS: readonly string[] = [...POLICY_RULES.map((rule) => rule.id), SECRETS_RULE_ID, ...TEMPLATE_RULES.map((rule) => rule.id)];

/**
 * `npm run validate`: schemas and policy rules over the rendered objects, the secrets scan over
 * the repository and the rendered tree, the IAM rules over the AWS layer's templates when a
 * cloud assembly is given, then the exceptions: the fleet file's, and the pod-security
 * exceptions app charts declare in code. File paths in the findings are
 * relative to the repository root.
 */
export function runGate(options: GateOptions): GateOutcome {
  const root = resolve(options.repositoryRoot);
  const distDir = resolve(options.distDir);
  const fromRoot = (path: string) => {
    const inside = relative(root, path);
    return inside.startsWith('..') || isAbsolute(inside) ? path : inside.split('\\').join('/');
  };
  const objects = readRenderedObjects(distDir);
  const objectFindings: GateFinding[] = validateObjects(objects, { fleet: options.fleet, crdFolder: options.crdFolder }).map((problem) => ({
    ...problem,
    cluster: problem.file?.split('/')[0],
    file: problem.file === undefined ? undefined : fromRoot(resolve(distDir, problem.file)),
  }));
  const scanned = repositoryFiles(root, distDir);
  const secretFindings = scanFiles(scanned);
  const cdkOut = options.cdkOut === undefined ? undefined : resolve(options.cdkOut);
  const templates = cdkOut === undefined ? [] : readTemplates(cdkOut);
  const templateFindings = TEMPLATE_RULES.flatMap((rule) => rule.check(templates)).map((problem) => ({ ...problem, file: fromRoot(resolve(cdkOut ?? '', problem.file ?? '')) }));
  const outcome = applyPolicyExceptions(
    [...objectFindings, ...secretFindings, ...templateFindings],
    options.fleet.policyExceptions,
    GATE_RULE_IDS,
    options.fleetFile,
    workloadExceptions(options.fleet, objects),
  );
  const schemas = countBySchema(objects, options.crdFolder);
  return {
    ...outcome,
    summary: {
      objects: objects.length,
      kubernetesSchemas: schemas.kubernetes,
      crdSchemas: schemas.crd,
      policyRules: POLICY_RULES.length,
      templates: templates.length,
      templateRules: cdkOut === undefined ? 0 : TEMPLATE_RULES.length,
      scannedFiles: scanned.length,
    },
  };
}
