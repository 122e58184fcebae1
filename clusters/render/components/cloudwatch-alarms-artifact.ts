import { posix } from 'node:path';
import { cloudWatchClusterNames, cloudWatchCoverageMarkdown } from '../../../platform/alerts/cloudwatch-coverage';
import { FleetArtifact } from '../component';

/** Folder of dist/ holding what the CloudWatch clusters are alerted on. */
export const CLOUDWATCH_ARTIFACT_FOLDER = 'cloudwatch';

export const CLOUDWATCH_ALARMS_FILE = posix.join(CLOUDWATCH_ARTIFACT_FOLDER, 'alarms.md');

/** `dist/cloudwatch/alarms.md`: the CloudWatch clusters' alarms and the alerts they lack. */
export const cloudWatchAlarmsArtifact: FleetArtifact = {
  folder: CLOUDWATCH_ARTIFACT_FOLDER,
  render: (fleet) => (cloudWatchClusterNames(fleet).length > 0 ? [{ path: CLOUDWATCH_ALARMS_FILE, content: cloudWatchCoverageMarkdown(fleet) }] : []),
};
