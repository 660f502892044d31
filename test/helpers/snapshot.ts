/** One Snapshot builder for the test portfolios (the sample in data/, the fixture in test/fixtures/). */
import { type Fact, type MetricSeries, present, type RepoFacts, type Snapshot } from "../../src/collect/snapshot.js";
import { seriesInPeriod } from "../../src/collect/sources/metrics-file.js";
import type { Inventory } from "../../src/config/schema.js";
import { parsePeriod } from "../../src/shared/period.js";

export interface SnapshotOptions {
  period: string;
  /** collectedAt and every dataset's as-of time. */
  at: Date;
  /** Each dataset's source is `${dir}/<name>.yaml`. */
  dir: string;
  repos?: Record<string, Fact<RepoFacts>>;
  metrics?: Fact<MetricSeries[]>;
}

/** A Snapshot of `inv` for a period, every dataset present. */
export function snapshotFrom(inv: Inventory, o: SnapshotOptions): Snapshot {
  const at = o.at.toISOString();
  const period = parsePeriod(o.period);
  const datasets = Object.fromEntries(
    Object.entries(inv).map(([k, v]) => [k, present(v, `${o.dir}/${k}.yaml`, at)]),
  ) as Snapshot["datasets"];
  return {
    period,
    collectedAt: at,
    datasets,
    repos: o.repos ?? {},
    metrics: o.metrics ?? present(seriesInPeriod(inv.metrics.metrics, period), `${o.dir}/metrics.yaml`, at),
    sources: [],
  };
}

/** Repo facts for tests: an empty, fully read repository with `p` applied. */
export function repoFact(p: Partial<RepoFacts> & { repo: string; entity: string }, source: string, at: Date): Fact<RepoFacts> {
  return present(
    {
      commits: [],
      trackedFiles: [],
      dependencyScanning: [],
      secrets: [],
      contentScanned: true,
      historyRead: true,
      openIssues: null,
      openPullRequests: null,
      ...p,
    },
    source,
    at.toISOString(),
  );
}
