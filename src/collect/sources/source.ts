/**
 * The seams between the pipeline and where facts come from. A Source contributes facts for a period;
 * the collector runs every registered source and merges what they return. Each real service has an
 * offline twin, chosen once in the wiring.
 */
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
  /** Only these entities' facts are needed (undefined: every entity). */
  entities?: string[];
}

/** What one source adds to the Snapshot. Datasets replace the hand-kept file of the same name. */
export interface Contribution {
  datasets?: Partial<{ [K in DatasetName]: Fact<Inventory[K]> }>;
  repos?: Record<string, Fact<RepoFacts>>;
  metrics?: Fact<MetricSeries[]>;
  /** False when part of what the source should provide is missing; `detail` says what. */
  ok: boolean;
  detail: string;
}

/** A registered source of facts: GitHub, local git, CloudWatch, DynamoDB, a payments API… */
export interface Source {
  readonly name: string;
  /** A short kind for the status line ("github", "cloudwatch", "stripe"). */
  readonly kind: string;
  /** What the source provides, so a failure can mark exactly those facts missing. */
  readonly provides: { datasets?: DatasetName[]; repos?: boolean; metrics?: boolean };
  read(ctx: CollectContext): Promise<Contribution>;
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
