import { ConformanceCheck } from './conformance-check';
import { crdsBeforeResources } from './crds-before-resources';
import { imageReferences } from './image-references';
import { podsMeetNamespaceLevel } from './pod-security-level';
import { projectAllowsObjects } from './project-scope';
import { scrapeTargetsExist } from './scrape-targets';
import { valuesKeysExist } from './values-keys';

/** Every check `npm run conformance` runs over each rendered chart. */
export const CONFORMANCE_CHECKS: readonly ConformanceCheck[] = [imageReferences, valuesKeysExist, crdsBeforeResources, projectAllowsObjects, podsMeetNamespaceLevel, scrapeTargetsExist];
