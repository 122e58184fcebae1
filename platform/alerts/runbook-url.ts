import type { Fleet } from '../../clusters/fleet/fleet-schema';

/** Folder of the runbooks, relative to the repository root. */
export const RUNBOOKS_FOLDER = 'platform/alerts/runbooks';

/** `Ho11yAvailabilityErrorBudgetBurn` -> `ho11y-availability-error-budget-burn.md`. */
export function runbookFileName(alertName: string): string {
  return `${alertName.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.md`;
}

/**
 * Web address of an alert's runbook at the revision ArgoCD syncs, so a notification links to
 * the runbook that matches the rules in force. Uses the `/blob/<revision>/` form of GitHub (and
 * of most hosts that mirror its layout).
 */
export function runbookUrl(repository: Fleet['repository'], alertName: string): string {
  const base = repository.url.replace(/\.git$/, '');
  return `${base}/blob/${repository.revision}/${RUNBOOKS_FOLDER}/${runbookFileName(alertName)}`;
}
