/** Test helpers: the sample inventory as a Snapshot, with a frozen clock and edits applied per test. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Fact, type MetricSeries, present, type RepoFacts, type Snapshot } from "../../src/collect/snapshot.js";
import { seriesInPeriod } from "../../src/collect/sources/metrics-file.js";
import { loadDataDir } from "../../src/config/load.js";
import type { Inventory } from "../../src/config/schema.js";
import { parsePeriod } from "../../src/shared/period.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DATA_DIR = path.join(ROOT, "data");
export const NOW = new Date("2026-11-25T12:00:00Z");
export const PERIOD = "2026-W48";

let cached: Inventory | undefined;

/** A deep copy of the sample inventory in data/. */
export async function sampleInventory(): Promise<Inventory> {
  cached ??= await loadDataDir(DATA_DIR);
  return structuredClone(cached);
}

/** A Snapshot of the given inventory, every dataset present with source data/<name>.yaml. */
export function snapshotOf(
  inv: Inventory,
  extra: { repos?: Record<string, Fact<RepoFacts>>; metrics?: Fact<MetricSeries[]> } = {},
): Snapshot {
  const at = NOW.toISOString();
  const datasets = Object.fromEntries(Object.entries(inv).map(([k, v]) => [k, present(v, `data/${k}.yaml`, at)])) as Snapshot["datasets"];
  return {
    period: parsePeriod(PERIOD),
    collectedAt: at,
    datasets,
    repos: extra.repos ?? {},
    metrics: extra.metrics ?? present(seriesInPeriod(inv.metrics.metrics, parsePeriod(PERIOD)), "data/metrics.yaml", at),
    sources: [],
  };
}

/** Repo facts for tests. */
export function repo(p: Partial<RepoFacts> & { repo: string; entity: string }): Fact<RepoFacts> {
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
    `github ${p.repo}`,
    NOW.toISOString(),
  );
}
