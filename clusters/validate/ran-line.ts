import { GateSummary } from './gate';

/** The line that ends a run: what was checked, and how many findings were accepted. */
export function ranLine(summary: GateSummary, accepted: number, cloudFormation: string): string {
  return [
    `Ran: ${summary.objects} objects (${summary.kubernetesSchemas} against Kubernetes schemas, ${summary.crdSchemas} against CRD schemas)`,
    `${summary.policyRules} policy rules`,
    summary.templates > 0 ? `${summary.templateRules} CloudFormation rules over ${summary.templates} templates (${cloudFormation})` : `CloudFormation rules skipped (${cloudFormation})`,
    `secrets scan of ${summary.scannedFiles} files`,
    `${accepted} finding(s) accepted by written exceptions.`,
  ].join('; ');
}
