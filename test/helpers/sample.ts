/** Test helpers: the sample inventory as a Snapshot, with a frozen clock and edits applied per test. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Fact, MetricSeries, RepoFacts, Snapshot } from "../../src/collect/snapshot.js";
import { loadDataDir } from "../../src/config/load.js";
import type { Inventory } from "../../src/config/schema.js";
import { repoFact, snapshotFrom } from "./snapshot.js";

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
  return snapshotFrom(inv, { period: PERIOD, at: NOW, dir: "data", ...extra });
}

/** Repo facts for tests. */
export function repo(p: Partial<RepoFacts> & { repo: string; entity: string }): Fact<RepoFacts> {
  return repoFact(p, `github ${p.repo}`, NOW);
}
