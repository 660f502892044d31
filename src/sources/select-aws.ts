/** Metrics and business-data source selection: CloudWatch / DynamoDB when configured, data/ files otherwise. */
import type { SelectContext } from "../edges.js";
import { UserError } from "../errors.js";
import { FileMetricsSource } from "./metrics-file.js";
import type { DatasetSource, MetricsSource } from "./source.js";

export async function selectMetrics(choice: "cloudwatch" | "file" | undefined, _ctx: SelectContext): Promise<MetricsSource> {
  if (choice === "cloudwatch") throw new UserError("--metrics cloudwatch is not available in this build yet");
  return new FileMetricsSource();
}

/** The DynamoDB business-data source, when data/ maps datasets to tables; none offline. */
export async function selectBusiness(_ctx: SelectContext): Promise<DatasetSource | undefined> {
  return undefined;
}
