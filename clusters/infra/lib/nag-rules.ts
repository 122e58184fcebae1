import IAMNoManagedPolicies from 'cdk-nag/lib/rules/iam/IAMNoManagedPolicies';
import IAMNoWildcardPermissions from 'cdk-nag/lib/rules/iam/IAMNoWildcardPermissions';

/**
 * The cdk-nag rules the app computes findings with, imported one module each: cdk-nag's index
 * loads every pack and rule, a fifth of a second of each `cdk:synth`. Same shape as cdk-nag's
 * `rules` export, so `rules.iam.IAMNoWildcardPermissions` reads as it does upstream.
 */
export const rules = { iam: { IAMNoManagedPolicies, IAMNoWildcardPermissions } } as const;
