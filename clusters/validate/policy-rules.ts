import { PolicyRule } from './policy-rule';
import { applicationPathsExist, ARGOCD_TENANCY_RULES } from './rules';

/** Every rule `npm run validate` applies, in report order. */
export const POLICY_RULES: readonly PolicyRule[] = [...ARGOCD_TENANCY_RULES, applicationPathsExist];
