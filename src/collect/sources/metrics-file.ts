/** Offline metrics: the CloudWatch stand-in in data/metrics.yaml. */
import path from "node:path";
import { displayPath } from "../../shared/display-path.js";
import { type Fact, type MetricSeries, present } from "../snapshot.js";
import type { CollectContext, MetricsSource } from "./source.js";

export class FileMetricsSource implements MetricsSource {
  readonly name = "metrics-file";
  async metrics(ctx: CollectContext): Promise<Fact<MetricSeries[]>> {
    const series = ctx.inventory.metrics.metrics.map((m) => ({ ...m, total: m.values.reduce((a, b) => a + b, 0) }));
    return present(series, path.join(displayPath(ctx.dataDir), "metrics.yaml"), ctx.now().toISOString());
  }
}
