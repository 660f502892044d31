/** CloudWatch metrics: GetMetricData in batches of ≤ 500 queries, every NextToken followed; daily values, each dated by its timestamp. */
import { type CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { DateTime } from "luxon";
import type { Inventory } from "../../config/schema.js";
import { type Fact, type MetricSeries, present } from "../snapshot.js";
import type { CollectContext, MetricsSource } from "./source.js";

/** GetMetricData accepts at most 500 MetricDataQuery entries a call. */
export const MAX_QUERIES_PER_CALL = 500;
const DAY_S = 86_400;

export interface SeriesSpec {
  entity: string;
  namespace: string;
  metric: string;
  /** "Name=Value" pairs joined by "," (as in data/metrics.yaml). */
  dimension: string;
  stat: "Sum" | "Average" | "Maximum";
}

/** CloudFront and billing metrics exist only in us-east-1. */
export const GLOBAL_NAMESPACES = new Set(["AWS/CloudFront", "AWS/Billing"]);

/** Billing's ServiceName dimension for a Cost Explorer style name: "Amazon VPC (NAT Gateway)" → "AmazonVPC". */
export function billingServiceName(service: string): string {
  return service.replace(/\(.*?\)/g, "").replace(/[^A-Za-z0-9]/g, "");
}

/** The series to fetch: those listed in data/metrics.yaml, Lambda invocations/errors/duration per function, and EstimatedCharges per billed service. */
export function seriesFor(inv: Inventory): SeriesSpec[] {
  const specs: SeriesSpec[] = inv.metrics.metrics.map(({ entity, namespace, metric, dimension, stat }) => ({
    entity,
    namespace,
    metric,
    dimension,
    stat,
  }));
  for (const l of inv.aws.lambdas) {
    specs.push({ entity: l.entity, namespace: "AWS/Lambda", metric: "Invocations", dimension: `FunctionName=${l.name}`, stat: "Sum" });
    specs.push({ entity: l.entity, namespace: "AWS/Lambda", metric: "Errors", dimension: `FunctionName=${l.name}`, stat: "Sum" });
    specs.push({ entity: l.entity, namespace: "AWS/Lambda", metric: "Duration", dimension: `FunctionName=${l.name}`, stat: "Average" });
  }
  const billed = new Map<string, string>();
  for (const s of inv.aws.spend) billed.set(billingServiceName(s.service), s.entity);
  for (const [service, entity] of billed) {
    specs.push({
      entity,
      namespace: "AWS/Billing",
      metric: "EstimatedCharges",
      dimension: `ServiceName=${service},Currency=USD`,
      stat: "Maximum",
    });
  }
  const seen = new Set<string>();
  return specs.filter((s) => {
    const k = `${s.namespace}|${s.metric}|${s.dimension}|${s.stat}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

function toQuery(s: SeriesSpec, id: string): MetricDataQuery {
  return {
    Id: id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: s.namespace,
        MetricName: s.metric,
        Dimensions: s.dimension
          .split(",")
          .filter(Boolean)
          .map((d) => {
            const [Name, ...v] = d.split("=");
            return { Name: Name!.trim(), Value: v.join("=").trim() };
          }),
      },
      Period: DAY_S,
      Stat: s.stat,
    },
  };
}

/** Runs the queries against one client: ≤ 500 a call, following NextToken; returns Id → (timestamp → value). */
export async function getMetricData(
  client: Pick<CloudWatchClient, "send">,
  queries: MetricDataQuery[],
  start: Date,
  end: Date,
): Promise<{ values: Map<string, Map<number, number>>; calls: number; messages: string[] }> {
  const values = new Map<string, Map<number, number>>();
  const messages: string[] = [];
  let calls = 0;
  for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_CALL) {
    const batch = queries.slice(i, i + MAX_QUERIES_PER_CALL);
    let token: string | undefined;
    do {
      const out = await client.send(
        new GetMetricDataCommand({
          MetricDataQueries: batch,
          StartTime: start,
          EndTime: end,
          ScanBy: "TimestampAscending",
          ...(token ? { NextToken: token } : {}),
        }),
      );
      calls++;
      for (const r of out.MetricDataResults ?? []) {
        if (!r.Id) continue;
        const m = values.get(r.Id) ?? new Map<number, number>();
        (r.Timestamps ?? []).forEach((t, k) => m.set(new Date(t).getTime(), r.Values?.[k] ?? 0));
        values.set(r.Id, m);
        if (r.StatusCode && r.StatusCode !== "Complete" && r.StatusCode !== "PartialData") messages.push(`${r.Id}: ${r.StatusCode}`);
      }
      for (const m of out.Messages ?? []) messages.push(`${m.Code}: ${m.Value}`);
      token = out.NextToken;
    } while (token);
  }
  return { values, calls, messages };
}

/**
 * Timestamped values → dated points in the period, oldest first: each value keeps the local date of its own timestamp,
 * so a missing day stays missing (never a zero) and nothing depends on where the period starts.
 */
export function pointsFrom(byTime: Map<number, number>, period: MetricsPeriod): { date: string; value: number }[] {
  return [...byTime]
    .sort(([x], [y]) => x - y)
    .map(([t, value]) => ({ date: DateTime.fromMillis(t, { zone: period.timeZone }).toISODate()!, value }))
    .filter((p) => p.date >= period.startDate && p.date < period.endDate);
}

type MetricsPeriod = Pick<CollectContext["period"], "timeZone" | "startDate" | "endDate">;

export class CloudWatchMetricsSource implements MetricsSource {
  readonly name = "cloudwatch";
  /** GetMetricData calls made by the last metrics() call. */
  lastCalls = 0;

  constructor(
    private readonly regional: Pick<CloudWatchClient, "send">,
    private readonly usEast1: Pick<CloudWatchClient, "send">,
    private readonly region: string,
  ) {}

  async metrics(ctx: CollectContext): Promise<Fact<MetricSeries[]>> {
    const specs = seriesFor(ctx.inventory);
    const start = new Date(ctx.period.start);
    const end = new Date(ctx.period.end);
    const ids = specs.map((_, i) => `m${i}`);
    const split = (global: boolean) =>
      specs.flatMap((s, i) => (GLOBAL_NAMESPACES.has(s.namespace) === global ? [toQuery(s, ids[i]!)] : []));
    const [a, b] = await Promise.all([
      getMetricData(this.regional, split(false), start, end),
      getMetricData(this.usEast1, split(true), start, end),
    ]);
    this.lastCalls = a.calls + b.calls;
    for (const m of [...a.messages, ...b.messages]) ctx.log.warn(`cloudwatch: ${m}`);
    const series: MetricSeries[] = specs.map((s, i) => {
      const byTime = a.values.get(ids[i]!) ?? b.values.get(ids[i]!) ?? new Map<number, number>();
      const points = pointsFrom(byTime, ctx.period);
      return { ...s, points, total: points.reduce((x, p) => x + p.value, 0) };
    });
    ctx.log.info(`cloudwatch: ${series.length} series in ${this.lastCalls} GetMetricData call(s)`);
    return present(series, `cloudwatch ${this.region}`, ctx.now().toISOString());
  }
}
