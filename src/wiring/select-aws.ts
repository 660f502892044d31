/** Metrics and business-data source selection: CloudWatch / DynamoDB when configured, data/ files otherwise. */
import path from "node:path";
import type { DatasetName } from "../collect/snapshot.js";
import { loadDynamoDbConfig } from "../collect/sources/dynamodb-config.js";
import { FileMetricsSource } from "../collect/sources/metrics-file.js";
import type { DatasetSource, MetricsSource } from "../collect/sources/source.js";
import { UserError } from "../shared/errors.js";
import { autoOffNote, type SelectContext } from "./context.js";

/** CloudWatch needs AWS_REGION; billing and CloudFront metrics are read from us-east-1 whatever the region. */
export async function selectMetrics(choice: "cloudwatch" | "file" | undefined, ctx: SelectContext): Promise<MetricsSource> {
  const region = ctx.env.AWS_REGION;
  if (choice === "cloudwatch" && !region) throw new UserError("--metrics cloudwatch needs AWS_REGION in the environment or --env-file");
  const configured = Boolean(region && ctx.env.AWS_CREDENTIALS);
  if (choice === "cloudwatch" || (choice === undefined && ctx.auto && configured)) {
    ctx.log.info(
      `metrics: cloudwatch in ${region} (billing and CloudFront from us-east-1)${choice ? "" : ` (AWS_REGION and ${ctx.env.AWS_CREDENTIALS} are set)`}`,
    );
    // Loaded on demand: the offline path (and the action's cold start) never pays for the SDK.
    const [{ CloudWatchClient }, { CloudWatchMetricsSource }] = await Promise.all([
      import("@aws-sdk/client-cloudwatch"),
      import("../collect/sources/cloudwatch.js"),
    ]);
    const regional = new CloudWatchClient({ region });
    return new CloudWatchMetricsSource(
      regional,
      region === "us-east-1" ? regional : new CloudWatchClient({ region: "us-east-1" }),
      region!,
    );
  }
  ctx.log.info(
    `metrics: file ${path.join(ctx.dataDir, "metrics.yaml")}${choice ? "" : configured ? autoOffNote(ctx) : " (set AWS_REGION and AWS credentials to read CloudWatch)"}`,
  );
  return new FileMetricsSource();
}

/** The DynamoDB business-data source when data/dynamodb.yaml maps lists to tables; none otherwise. */
export async function selectBusiness(
  choice: "dynamodb" | "file" | undefined,
  ctx: SelectContext,
): Promise<{ source: DatasetSource; datasets: DatasetName[] } | undefined> {
  if (choice === "file") return undefined;
  const loaded = await loadDynamoDbConfig(ctx.dataDir);
  if (!loaded) {
    if (choice === "dynamodb")
      throw new UserError(
        `--business dynamodb needs ${ctx.dataDir}/dynamodb.yaml mapping tables to datasets (copy data/dynamodb.example.yaml)`,
      );
    return undefined;
  }
  if (choice === undefined && (!ctx.auto || !ctx.env.AWS_CREDENTIALS)) {
    ctx.log.info(
      `business data: ${ctx.dataDir} files (${loaded.file} maps tables, but ${ctx.auto ? "no AWS credentials are set" : "sample data pins the clock"})`,
    );
    return undefined;
  }
  ctx.log.info(`business data: dynamodb, ${loaded.config.tables.length} table(s) mapped in ${loaded.file}`);
  const [{ DynamoDBClient }, { DynamoDbDatasetSource }] = await Promise.all([
    import("@aws-sdk/client-dynamodb"),
    import("../collect/sources/dynamodb.js"),
  ]);
  const source = new DynamoDbDatasetSource(new DynamoDBClient(ctx.env.AWS_REGION ? { region: ctx.env.AWS_REGION } : {}), loaded.config);
  return { source, datasets: [...new Set(loaded.config.tables.map((t) => t.dataset as DatasetName))] };
}
