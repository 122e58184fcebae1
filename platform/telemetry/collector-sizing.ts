import { ContainerResources } from '../../charts/opentelemetry-collector';

/**
 * How big each collector container is, and why. Memory is requested at its limit (the pod is
 * never overcommitted, so it is not the first evicted) and `memory_limiter` plus `GOMEMLIMIT` are
 * derived from that limit (`memoryLimiterFor`). CPU may burst to four times the request: scrapes
 * arrive in bursts at each interval, and throttling would make them late.
 *
 * The metrics collector's memory grows with the series it holds between scrape and export. The
 * rule assumes about 10k active series per node (kubelet, cAdvisor and node-exporter for ~30
 * pods) at a few KiB each including batches, i.e. 64 MiB per node, plus 256 MiB for the runtime
 * and cluster-wide targets (kube-state-metrics, API server, annotated pods). A pod is sized for the
 * nodes it scrapes: all of them when collection is `single`, its share when `sharded`. Nodes are
 * counted at the node group's `maxSize`, so scaling out never outgrows the collector.
 */
export const METRICS_COLLECTOR_SIZING = {
  baseMemoryMiB: 256,
  memoryPerNodeMiB: 64,
  baseCpuMillis: 100,
  cpuPerNodeMillis: 50,
  cpuBurstFactor: 4,
} as const;

/**
 * How much the remote-write log must hold to ride out an AMP outage: every sample scraped during
 * the outage, as protobuf write requests (labels repeated per sample: about 250 bytes for the ~10
 * labels of a typical series), for the same ~10k series per node scraped every 30 s, plus half
 * again for bursts and unsent batches already in the log when the outage starts.
 */
export const REMOTE_WRITE_OUTAGE = {
  hours: 1,
  seriesPerNode: 10_000,
  scrapesPerHour: 120,
  bytesPerSample: 250,
  headroom: 1.5,
} as const;

/** Size limit (MiB) of the remote-write log of a pod scraping `nodes` nodes: 1536 MiB for 3 nodes. */
export function remoteWriteWalSizeMiB(nodes: number): number {
  const outage = REMOTE_WRITE_OUTAGE;
  const bytes = nodes * outage.seriesPerNode * outage.scrapesPerHour * outage.bytesPerSample * outage.hours * outage.headroom;
  return roundUp(bytes / (1024 * 1024), 256);
}

/** Resources of one metrics collector pod that scrapes `nodes` nodes' targets. */
export function metricsCollectorResources(nodes: number): ContainerResources {
  const sizing = METRICS_COLLECTOR_SIZING;
  const memoryMiB = roundUp(sizing.baseMemoryMiB + sizing.memoryPerNodeMiB * nodes, 64);
  const cpuRequestMillis = sizing.baseCpuMillis + sizing.cpuPerNodeMillis * nodes;
  return { cpuRequestMillis, cpuLimitMillis: cpuRequestMillis * sizing.cpuBurstFactor, memoryMiB };
}

/** Nodes one metrics collector pod is responsible for when `shards` pods share `maxNodes`. */
export function nodesPerShard(maxNodes: number, shards: number): number {
  return Math.max(1, Math.ceil(maxNodes / shards));
}

/**
 * The traces collector holds only what arrives between two exports (batches of at most
 * `TRACES_BATCH.send_batch_max_size` spans, flushed every second), which stays far below 256 MiB
 * for the sample apps' traffic; scale it out with `traces.replicas` rather than up.
 */
export const TRACES_COLLECTOR_RESOURCES: ContainerResources = { cpuRequestMillis: 100, cpuLimitMillis: 500, memoryMiB: 256 };

/** The target allocator keeps the discovered targets only: small and steady. */
export const TARGET_ALLOCATOR_RESOURCES: ContainerResources = { cpuRequestMillis: 50, cpuLimitMillis: 250, memoryMiB: 128 };

function roundUp(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}
