/** The seams between the pipeline and where facts come from. Each has an offline and a live implementation. */
import type { Inventory } from "../../config/schema.js";
import type { Logger } from "../../shared/logger.js";
import type { DatasetName, Fact, MetricSeries, Period, RepoFacts } from "../snapshot.js";

export type RepoConfig = Inventory["repos"]["repos"][number];

export interface CollectContext {
  period: Period;
  inventory: Inventory;
  dataDir: string;
  log: Logger;
  now: () => Date;
}

/** Reads git history and repository facts for one repository. */
export interface GitSource {
  readonly name: string;
  repos(repos: RepoConfig[], ctx: CollectContext): Promise<Record<string, Fact<RepoFacts>>>;
}

/** Reads metrics (CloudWatch or its offline stand-in). */
export interface MetricsSource {
  readonly name: string;
  metrics(ctx: CollectContext): Promise<Fact<MetricSeries[]>>;
}

/** Supplies business datasets that override the hand-kept files (e.g. DynamoDB tables). */
export interface DatasetSource {
  readonly name: string;
  datasets(ctx: CollectContext): Promise<Partial<Record<DatasetName, Fact<unknown>>>>;
}
