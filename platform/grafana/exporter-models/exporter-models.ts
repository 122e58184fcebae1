import { APISERVER_MODEL } from './apiserver';
import { ExporterModel } from './exporter-model';
import { HO11Y_MODEL } from './ho11y';
import { CADVISOR_MODEL, KUBELET_MODEL } from './kubelet';
import { KUBE_STATE_METRICS_MODEL } from './kube-state-metrics';
import { NODE_EXPORTER_MODEL } from './node-exporter';
import { OTEL_COLLECTOR_MODEL } from './otel-collector';

/** Every target kind the metrics collector scrapes, as modelled. */
export const EXPORTER_MODELS: readonly ExporterModel[] = [
  KUBELET_MODEL,
  CADVISOR_MODEL,
  KUBE_STATE_METRICS_MODEL,
  NODE_EXPORTER_MODEL,
  APISERVER_MODEL,
  HO11Y_MODEL,
  OTEL_COLLECTOR_MODEL,
];
