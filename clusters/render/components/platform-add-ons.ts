import { App } from 'cdk8s';
import { CERT_MANAGER } from '../../../platform/add-ons/cert-manager';
import { KUBE_STATE_METRICS } from '../../../platform/add-ons/kube-state-metrics';
import { NODE_EXPORTER } from '../../../platform/add-ons/node-exporter';
import { OPENTELEMETRY_OPERATOR } from '../../../platform/add-ons/opentelemetry-operator';
import { ADD_ON_LEAF_NAMESPACE, PlatformAddOn, PlatformAddOnChart } from '../../../platform/add-ons/platform-add-on';
import { PLATFORM_PROJECT } from '../../../platform/gitops/bootstrap-chart';
import { ClusterContext } from '../cluster-context';
import { Leaf } from '../leaf';

/** The upstream charts every cluster runs for its telemetry, in sync-wave order. */
export const TELEMETRY_ADD_ONS: readonly PlatformAddOn<object>[] = [CERT_MANAGER, OPENTELEMETRY_OPERATOR, KUBE_STATE_METRICS, NODE_EXPORTER];

/**
 * One leaf per add-on, `platform/<name>`, holding the add-on's Application (Helm source). The
 * bootstrap Application of the leaf carries the add-on's wave, so cert-manager is in place before
 * the operator whose webhook certificates it issues, and both before the collectors.
 */
export function platformAddOns(app: App, _context: ClusterContext): Leaf[] {
  return TELEMETRY_ADD_ONS.map((addOn) => ({
    path: `platform/${addOn.name}`,
    chart: new PlatformAddOnChart(app, `add-on-${addOn.name}`, addOn),
    sync: { project: PLATFORM_PROJECT, namespace: ADD_ON_LEAF_NAMESPACE, wave: addOn.wave },
  }));
}
