import { MemoryLimiterProcessorConfig } from './opentelemetry-collector-config';

/**
 * Share of the container memory limit the collector heap may use before `memory_limiter` starts
 * refusing data. The remaining 20% covers the Go runtime, goroutine stacks and buffers outside the
 * heap, so the kernel's OOM killer is never the first line of defence.
 */
export const MEMORY_LIMITER_SHARE = 0.8;

/** Share of `limit_mib` kept free for a burst arriving between two checks (the spike limit). */
export const MEMORY_SPIKE_SHARE = 0.25;

/**
 * The `memory_limiter` settings for a collector container limited to `containerMemoryMiB`, per the
 * collector's guidance: hard limit at 80% of the container limit, spike allowance a quarter of
 * that, checked every second. `GOMEMLIMIT` is set to the same hard limit (see `goMemLimit`), so the
 * garbage collector works harder before the limiter has to refuse anything.
 */
export function memoryLimiterFor(containerMemoryMiB: number): MemoryLimiterProcessorConfig {
  if (!Number.isInteger(containerMemoryMiB) || containerMemoryMiB < 128) {
    throw new Error(`A collector container needs at least 128 MiB of memory (got ${containerMemoryMiB}); raise its memory limit.`);
  }
  const limit = Math.floor(containerMemoryMiB * MEMORY_LIMITER_SHARE);
  return { check_interval: '1s', limit_mib: limit, spike_limit_mib: Math.floor(limit * MEMORY_SPIKE_SHARE) };
}

/** Value of the `GOMEMLIMIT` environment variable matching `memoryLimiterFor(containerMemoryMiB)`. */
export function goMemLimit(containerMemoryMiB: number): string {
  return `${memoryLimiterFor(containerMemoryMiB).limit_mib}MiB`;
}
