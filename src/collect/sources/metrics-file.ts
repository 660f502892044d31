/** Offline metrics: the CloudWatch stand-in in data/metrics.yaml, each value dated, kept when its date is in the period. */
import path from "node:path";
import type { Inventory } from "../../config/schema.js";
import { displayPath } from "../../shared/display-path.js";
import { type Fact, type MetricSeries, type Period, present } from "../snapshot.js";
import type { CollectContext, MetricsSource } from "./source.js";

/** The recorded series restricted to the period's local dates [startDate, endDate), oldest first. */
export function seriesInPeriod(metrics: Inventory["metrics"]["metrics"], period: Period): MetricSeries[] {
  return metrics.map(({ values, ...m }) => {
    const points = Object.entries(values)
      .filter(([date]) => date >= period.startDate && date < period.endDate)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, value]) => ({ date, value }));
    return { ...m, points, total: points.reduce((a, p) => a + p.value, 0) };
  });
}

export class FileMetricsSource implements MetricsSource {
  readonly name = "metrics-file";
  async metrics(ctx: CollectContext): Promise<Fact<MetricSeries[]>> {
    return present(
      seriesInPeriod(ctx.inventory.metrics.metrics, ctx.period),
      path.join(displayPath(ctx.dataDir), "metrics.yaml"),
      ctx.now().toISOString(),
    );
  }
}
