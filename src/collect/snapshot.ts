/** The Snapshot: every collected fact with its source and time; a missing fact says why. */
import type { Inventory } from "../config/schema.js";
import type { Period } from "../shared/period.js";

export type { Period };

export interface Present<T> {
  value: T;
  source: string;
  asOf: string;
}
export interface Missing {
  missing: string;
  source: string;
}
export type Fact<T> = Present<T> | Missing;

export function isPresent<F extends Present<unknown> | Missing>(f: F | undefined): f is Exclude<F, Missing> {
  return f !== undefined && "value" in f;
}

export function present<T>(value: T, source: string, asOf: string): Present<T> {
  return { value, source, asOf };
}

export function missing(reason: string, source: string): Missing {
  return { missing: reason, source };
}

/** Git facts for one repository in the period. */
export interface Commit {
  sha: string;
  author: string;
  date: string;
  additions: number;
  deletions: number;
  message: string;
}
export interface RepoFacts {
  repo: string;
  entity: string;
  commits: Commit[];
  trackedFiles: string[];
  /** Paths of workflow / config files that enable dependency scanning. */
  dependencyScanning: string[];
  /**
   * Findings from the secret scanner: where (a file, or a commit's message or author field), the line, the rule and a
   * masked preview; never the secret itself.
   */
  secrets: { file: string; line: number; rule: string; masked?: string }[];
  /** False when only a recorded file list was available: no secret scan, no history. */
  contentScanned: boolean;
  historyRead: boolean;
  openIssues: number | null;
  openPullRequests: number | null;
}

/** Metrics collected from CloudWatch (or their offline stand-in). */
export interface MetricSeries {
  entity: string;
  namespace: string;
  metric: string;
  dimension: string;
  stat: string;
  /** Dated values inside the period (local dates, oldest first): each value carries its own date. */
  points: { date: string; value: number }[];
  /** Sum of the points in the period. */
  total: number;
}

export type DatasetName = keyof Inventory;

export interface SourceStatus {
  name: string;
  /** inventory, git-local, github, cloudwatch, metrics-file, datasets, or a registered source's own kind. */
  kind: string;
  ok: boolean;
  detail: string;
  durationMs: number;
}

export interface Snapshot {
  period: Period;
  collectedAt: string;
  /** Hand-kept and business datasets (from data/ or DynamoDB). */
  datasets: { [K in DatasetName]: Fact<Inventory[K]> };
  repos: Record<string, Fact<RepoFacts>>;
  metrics: Fact<MetricSeries[]>;
  sources: SourceStatus[];
}
