import { posix } from 'node:path';
import { ampRuleFile } from '../../../platform/alerts/rule-file';
import { FleetArtifact } from '../component';
import { yamlFile } from '../rendered-file';

/** Folder of dist/ holding the AMP rule file. */
export const AMP_ARTIFACT_FOLDER = 'amp';

/** Path under dist/ the AWS layer loads into the AMP rule groups namespace. */
export const AMP_RULES_FILE = posix.join(AMP_ARTIFACT_FOLDER, 'rules.yaml');

/** `dist/amp/rules.yaml`: recording and alerting rules in Prometheus rule-file format. */
export const ampRulesArtifact: FleetArtifact = {
  folder: AMP_ARTIFACT_FOLDER,
  render: (fleet) => (Object.values(fleet.clusters).some((cluster) => cluster.metrics.sink === 'amp') ? [yamlFile(AMP_RULES_FILE, ampRuleFile(fleet))] : []),
};
