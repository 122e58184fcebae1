import { COLLECTOR_LABELS, ExporterModel, formatBound, MetricFamilyModel, MetricType, SCRAPE_FAMILIES } from './exporter-model';

/**
 * Input series for `promtool test rules`, generated from an exporter model: a series exists only
 * if the model says the exporter emits it, with exactly the family's labels (values from its value
 * set where it has one), and histograms come with every bucket bound the exporter declares. Tests
 * cannot write these by hand: the constructor is private.
 */
export class ModelSeries {
  private constructor(
    /** Series selector in promtool notation, e.g. `up{job="kubelet", ...}`. */
    public readonly series: string,
    /** Values in promtool's expanding notation, e.g. `0+60x90`. */
    public readonly values: string,
  ) {}

  /** @internal Used by ModelTarget only. */
  public static of(name: string, labels: Readonly<Record<string, string>>, values: string): ModelSeries {
    const text = Object.entries(labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => `${key}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
      .join(', ');
    return new ModelSeries(`${name}{${text}}`, values);
  }
}

/** A counter rising by `perMinute` every minute for `minutes` minutes. */
export const rising = (perMinute: number, minutes: number) => `0+${perMinute}x${minutes}`;
/** A value held for `minutes` minutes. */
export const steady = (value: number, minutes: number) => `${value}x${minutes}`;

/** Observations made each minute: `count` observations of `value`. */
export interface Observations {
  readonly value: number;
  readonly count: number;
}

/** One scrape target of a modelled exporter, with its target and cluster labels. */
export class ModelTarget {
  private readonly targetLabels: Readonly<Record<string, string>>;

  public constructor(
    private readonly model: ExporterModel,
    labels: Readonly<Record<string, string>>,
  ) {
    const expected = [...model.targetLabels, ...COLLECTOR_LABELS.filter((label) => label !== 'job')].sort();
    const given = Object.keys(labels).sort();
    if (expected.join() !== given.join()) {
      throw new Error(`A ${model.job} target carries exactly the labels ${expected.join(', ')}; got ${given.join(', ')}.`);
    }
    this.targetLabels = { job: model.job, ...model.fixedLabels, ...labels };
  }

  /** The `up` series of this target. */
  public up(values: string): ModelSeries {
    return ModelSeries.of('up', this.targetLabels, values);
  }

  public counter(name: string, labels: Readonly<Record<string, string>>, values: string): ModelSeries {
    return this.scalar('counter', name, labels, values);
  }

  public gauge(name: string, labels: Readonly<Record<string, string>>, values: string): ModelSeries {
    return this.scalar('gauge', name, labels, values);
  }

  /**
   * Every series of a histogram fed the same observations each minute for `minutes` minutes:
   * one `_bucket` per declared bound plus `+Inf`, `_sum` and `_count`.
   */
  public histogram(name: string, labels: Readonly<Record<string, string>>, perMinute: readonly Observations[], minutes: number): ModelSeries[] {
    const family = this.family(name, 'histogram', labels);
    const all = { ...this.targetLabels, ...labels };
    const count = perMinute.reduce((total, observation) => total + observation.count, 0);
    const sum = perMinute.reduce((total, observation) => total + observation.value * observation.count, 0);
    const bounds = [...(family.buckets ?? []), Number.POSITIVE_INFINITY];
    return [
      ...bounds.map((bound) => {
        const inBucket = perMinute.filter((observation) => observation.value <= bound).reduce((total, observation) => total + observation.count, 0);
        return ModelSeries.of(`${name}_bucket`, { ...all, le: formatBound(bound) }, rising(inBucket, minutes));
      }),
      ModelSeries.of(`${name}_sum`, all, rising(Number(sum.toPrecision(12)), minutes)),
      ModelSeries.of(`${name}_count`, all, rising(count, minutes)),
    ];
  }

  /** `_sum` and `_count` of a summary without quantiles, fed the same observations each minute. */
  public summary(name: string, labels: Readonly<Record<string, string>>, perMinute: readonly Observations[], minutes: number): ModelSeries[] {
    const family = this.family(name, 'summary', labels);
    if ((family.quantiles ?? []).length > 0) throw new Error(`${name} has quantiles; generate them explicitly.`);
    const all = { ...this.targetLabels, ...labels };
    const count = perMinute.reduce((total, observation) => total + observation.count, 0);
    const sum = perMinute.reduce((total, observation) => total + observation.value * observation.count, 0);
    return [ModelSeries.of(`${name}_sum`, all, rising(sum, minutes)), ModelSeries.of(`${name}_count`, all, rising(count, minutes))];
  }

  private scalar(type: MetricType, name: string, labels: Readonly<Record<string, string>>, values: string): ModelSeries {
    this.family(name, type, labels);
    return ModelSeries.of(name, { ...this.targetLabels, ...labels }, values);
  }

  private family(name: string, type: MetricType, labels: Readonly<Record<string, string>>): MetricFamilyModel {
    const family = [...this.model.families, ...SCRAPE_FAMILIES].find((candidate) => candidate.name === name);
    if (!family) throw new Error(`The ${this.model.job} model (${this.model.source}) has no family ${name}.`);
    if (family.type !== type) throw new Error(`${name} is a ${family.type}, not a ${type}.`);
    const expected = Object.keys(family.labels).sort();
    const given = Object.keys(labels).sort();
    if (expected.join() !== given.join()) throw new Error(`${name} carries exactly the labels ${expected.join(', ') || '(none)'}; got ${given.join(', ') || '(none)'}.`);
    for (const [label, value] of Object.entries(labels)) {
      const allowed = family.labels[label];
      if (allowed !== 'any' && !allowed.includes(value)) throw new Error(`${name}{${label}="${value}"} is never emitted; ${label} is one of ${allowed.join(', ')}.`);
    }
    return family;
  }
}
