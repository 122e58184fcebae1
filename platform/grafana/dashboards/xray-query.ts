import { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';

/**
 * The foundation SDK ships no X-Ray query type (X-Ray is a plugin), so it is declared here the
 * way the SDK documents for third-party plugins: a Dataquery variant and its builder.
 */
export type XrayQueryType = 'getServiceMap' | 'getTraceSummaries' | 'getTimeSeriesServiceStatistics';

export interface XrayQuery extends Dataquery {
  _implementsDataqueryVariant(): void;
  refId?: string;
  hide?: boolean;
  queryType: XrayQueryType;
  /** X-Ray filter expression; empty for every trace. */
  query: string;
  /** `default` is the data source's own region. */
  region: string;
}

export class XrayQueryBuilder implements Builder<Dataquery> {
  private readonly internal: XrayQuery;

  public constructor(queryType: XrayQueryType) {
    this.internal = { queryType, query: '', region: 'default', _implementsDataqueryVariant() {} };
  }

  public build(): XrayQuery {
    return this.internal;
  }

  public refId(refId: string): this {
    this.internal.refId = refId;
    return this;
  }

  /** An X-Ray filter expression, e.g. `service("frontend")`. */
  public filter(expression: string): this {
    this.internal.query = expression;
    return this;
  }
}
