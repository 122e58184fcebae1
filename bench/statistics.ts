/** Statistics the benchmarks report: medians, the cost per cluster between sizes, and how it grows. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface SizePoint {
  readonly clusters: number;
  readonly ms: number;
}

/** Marginal cost of one more cluster between each size and the next smaller one (the slope). */
export function marginalCosts(points: readonly SizePoint[]): (number | undefined)[] {
  const sorted = [...points].sort((a, b) => a.clusters - b.clusters);
  return sorted.map((point, index) => (index === 0 ? undefined : (point.ms - sorted[index - 1].ms) / (point.clusters - sorted[index - 1].clusters)));
}

export interface Growth {
  /** Least-squares line over every size: cost at zero clusters (start-up work a render does once). */
  readonly fixedMs: number;
  /** Least-squares line over every size: cost of each cluster. */
  readonly perClusterMs: number;
  /**
   * Exponent k of the variable cost (time = fixed + c * clusters^k), from the change of the
   * marginal cost between the last two intervals: for that model the slope at n is c k n^(k-1),
   * so k = 1 + log(slope2 / slope1) / log(middle2 / middle1). Fixed costs cancel out.
   */
  readonly exponent: number | undefined;
  readonly verdict: string;
}

/** How a cost grows with clusters; the verdict is computed from the figures, not assumed. */
export function growth(points: readonly SizePoint[], tolerance = 0.2): Growth {
  const sorted = [...points].sort((a, b) => a.clusters - b.clusters);
  const n = sorted.length;
  const meanX = sorted.reduce((sum, point) => sum + point.clusters, 0) / n;
  const meanY = sorted.reduce((sum, point) => sum + point.ms, 0) / n;
  const sxx = sorted.reduce((sum, point) => sum + (point.clusters - meanX) ** 2, 0);
  const sxy = sorted.reduce((sum, point) => sum + (point.clusters - meanX) * (point.ms - meanY), 0);
  const perClusterMs = sxx === 0 ? NaN : sxy / sxx;
  const fixedMs = meanY - perClusterMs * meanX;
  if (n < 3) return { fixedMs, perClusterMs, exponent: undefined, verdict: 'needs at least 3 sizes to tell how the cost grows' };
  const [a, b, c] = sorted.slice(-3);
  const slope1 = (b.ms - a.ms) / (b.clusters - a.clusters);
  const slope2 = (c.ms - b.ms) / (c.clusters - b.clusters);
  if (!(slope1 > 0) || !(slope2 > 0)) {
    return { fixedMs, perClusterMs, exponent: undefined, verdict: `inconclusive: the time did not grow between ${a.clusters}, ${b.clusters} and ${c.clusters} clusters (too noisy; re-run on a quieter machine or with more runs)` };
  }
  const exponent = 1 + Math.log(slope2 / slope1) / Math.log((b.clusters + c.clusters) / (a.clusters + b.clusters));
  const verdict =
    exponent > 1 + tolerance
      ? `SUPERLINEAR (clusters^${exponent.toFixed(2)}): look for a step that is quadratic in clusters or objects`
      : exponent < 1 - tolerance
        ? `sublinear (clusters^${exponent.toFixed(2)}): the marginal cost fell with size; a cache warming up or a noisy machine, re-run to tell which`
        : `linear (clusters^${exponent.toFixed(2)}, within ${tolerance} of 1)`;
  return { fixedMs, perClusterMs, exponent, verdict };
}
