import { SCRAPE_JOBS } from '../../telemetry/scrape-jobs';
import { counter, ExporterModel, gauge } from './exporter-model';

const FILESYSTEM = { device: 'any', fstype: 'any', mountpoint: 'any' } as const;

/**
 * node-exporter's default collectors (prometheus/node_exporter collector/cpu_linux.go,
 * meminfo.go, filesystem_common.go, netdev_common.go, loadavg.go), as chart 5.2.0 runs them.
 * `instance` is the node name (the scrape job copies it from the pod's node).
 */
export const NODE_EXPORTER_MODEL: ExporterModel = {
  job: SCRAPE_JOBS.nodeExporter,
  targetLabels: ['instance'],
  source: 'prometheus/node_exporter collector/*.go (chart prometheus-node-exporter 5.2.0)',
  families: [
    counter('node_cpu_seconds_total', { cpu: 'any', mode: ['idle', 'iowait', 'irq', 'nice', 'softirq', 'steal', 'system', 'user'] }),
    gauge('node_load1'),
    gauge('node_load5'),
    gauge('node_load15'),
    gauge('node_memory_MemAvailable_bytes'),
    gauge('node_memory_MemTotal_bytes'),
    gauge('node_filesystem_avail_bytes', FILESYSTEM),
    gauge('node_filesystem_size_bytes', FILESYSTEM),
    gauge('node_filesystem_files', FILESYSTEM),
    gauge('node_filesystem_files_free', FILESYSTEM),
    gauge('node_filesystem_readonly', FILESYSTEM),
    counter('node_network_receive_bytes_total', { device: 'any' }),
    counter('node_network_transmit_bytes_total', { device: 'any' }),
    counter('node_network_receive_errs_total', { device: 'any' }),
    counter('node_network_transmit_errs_total', { device: 'any' }),
  ],
};
