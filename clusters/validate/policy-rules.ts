import { PolicyRule } from './policy-rule';
import {
  applicationPathsExist,
  applicationSyncPolicy,
  ARGOCD_TENANCY_RULES,
  collectorRbacReadOnly,
  CONTAINER_RULES,
  noSecretData,
  objectEmittedOnce,
  operatorFieldsIgnored,
  POD_SECURITY_RULES,
  statefulDataNotPruned,
  SYNC_ORDERING_RULES,
  TEAM_ADMISSION_RULES,
  TEAM_NAMESPACE_RULES,
  teamFolderKinds,
  VERSION_PINNING_RULES,
} from './rules';

/** Every rule `npm run validate` applies to rendered objects, in report order. */
export const POLICY_RULES: readonly PolicyRule[] = [
  ...ARGOCD_TENANCY_RULES,
  applicationPathsExist,
  ...TEAM_NAMESPACE_RULES,
  teamFolderKinds,
  ...TEAM_ADMISSION_RULES,
  ...POD_SECURITY_RULES,
  ...CONTAINER_RULES,
  ...VERSION_PINNING_RULES,
  collectorRbacReadOnly,
  ...SYNC_ORDERING_RULES,
  applicationSyncPolicy,
  operatorFieldsIgnored,
  statefulDataNotPruned,
  objectEmittedOnce,
  noSecretData,
];
