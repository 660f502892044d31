/** Builds the Snapshot from data/ and every configured source; a failing source marks its facts missing. */
import path from "node:path";
import { absentDatasets } from "../config/load.js";
import { DATA_FILES, type DataFile, type Inventory } from "../config/schema.js";
import { displayPath } from "../shared/display-path.js";
import { type Fact, missing, present, type Snapshot, type SourceStatus } from "./snapshot.js";
import type { CollectContext, DatasetSource, GitSource, MetricsSource } from "./sources/source.js";

export interface Sources {
  git: GitSource;
  metrics: MetricsSource;
  business?: DatasetSource;
  /** Only these entities' repositories are read. */
  entities?: string[];
}

async function timed<T>(
  name: string,
  kind: SourceStatus["kind"],
  f: () => Promise<T>,
  statuses: SourceStatus[],
  ok: (v: T) => [boolean, string],
): Promise<T | undefined> {
  const t0 = performance.now();
  try {
    const v = await f();
    const [good, detail] = ok(v);
    statuses.push({ name, kind, ok: good, detail, durationMs: Math.round(performance.now() - t0) });
    return v;
  } catch (e) {
    statuses.push({
      name,
      kind,
      ok: false,
      detail: e instanceof Error ? e.message : String(e),
      durationMs: Math.round(performance.now() - t0),
    });
    return undefined;
  }
}

/** Collects every fact for the period. Never throws for a source failure: the fact becomes missing with the reason. */
export async function collect(ctx: CollectContext, sources: Sources): Promise<Snapshot> {
  const collectedAt = ctx.now().toISOString();
  const shown = displayPath(ctx.dataDir);
  const statuses: SourceStatus[] = [];
  // A data file that is not there makes its dataset missing with the reason: its checks report missing, never zero.
  const absent = absentDatasets(ctx.inventory);
  const fileOf = (k: DataFile) => path.join(shown, `${k}.yaml`);
  const datasets = Object.fromEntries(
    (Object.keys(DATA_FILES) as DataFile[]).map((k) => [
      k,
      absent[k] ? missing("file not present", fileOf(k)) : present(ctx.inventory[k], fileOf(k), collectedAt),
    ]),
  ) as { [K in DataFile]: Fact<Inventory[K]> };
  const absentNames = Object.keys(absent);
  statuses.push({
    name: `inventory ${shown}`,
    kind: "inventory",
    ok: true,
    detail: `${Object.keys(DATA_FILES).length - absentNames.length} files${absentNames.length ? `; not present: ${absentNames.join(", ")}` : ""}`,
    durationMs: 0,
  });

  const repos = ctx.inventory.repos.repos.filter((r) => !sources.entities || sources.entities.includes(r.entity));
  const [gitFacts, metrics, business] = await Promise.all([
    timed(
      sources.git.name,
      sources.git.name === "github" ? "github" : "git-local",
      () => sources.git.repos(repos, ctx),
      statuses,
      (v) => {
        const bad = Object.values(v).filter((f) => "missing" in f).length;
        return [bad === 0, `${Object.keys(v).length - bad} of ${Object.keys(v).length} repositories read`];
      },
    ),
    timed(
      sources.metrics.name,
      "cloudwatch",
      () => sources.metrics.metrics(ctx),
      statuses,
      (v) => ("missing" in v ? [false, v.missing] : [true, `${v.value.length} series`]),
    ),
    sources.business
      ? timed(
          sources.business.name,
          "dynamodb",
          () => sources.business!.datasets(ctx),
          statuses,
          (v) => {
            const bad = Object.entries(v).filter(([, f]) => f && "missing" in f);
            return [
              bad.length === 0,
              `${Object.keys(v).length - bad.length} datasets read${bad.length ? `; missing: ${bad.map(([k]) => k).join(", ")}` : ""}`,
            ];
          },
        )
      : Promise.resolve(undefined),
  ]);

  if (business) Object.assign(datasets, business);
  if (sources.business && !business) {
    // The whole source failed: we cannot tell which datasets it owned, so keep the files and say so.
    ctx.log.warn(`${sources.business.name} failed; business data comes from ${ctx.dataDir} only`);
  }
  const repoFacts = gitFacts
    ? inConfigOrder(
        gitFacts,
        repos.map((r) => r.github ?? r.id),
      )
    : Object.fromEntries(
        repos.map((r) => [
          r.github ?? r.id,
          missing(statuses.find((s) => s.name === sources.git.name)?.detail ?? "git source failed", sources.git.name),
        ]),
      );
  // The offline metrics are data/metrics.yaml itself.
  const metricsFact =
    absent.metrics && sources.metrics.name === "metrics-file"
      ? missing("file not present", fileOf("metrics"))
      : (metrics ??
        missing(statuses.find((s) => s.name === sources.metrics.name)?.detail ?? "metrics source failed", sources.metrics.name));
  return {
    period: ctx.period,
    collectedAt,
    datasets,
    repos: repoFacts,
    metrics: metricsFact,
    sources: statuses,
  };
}

/**
 * The repositories in the order of data/repos.yaml, whatever order their reads finished in: the snapshot (and
 * its hash) must not depend on network timing.
 */
function inConfigOrder<T>(facts: Record<string, T>, keys: string[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of keys) if (k in facts) out[k] = facts[k]!;
  for (const [k, v] of Object.entries(facts)) if (!(k in out)) out[k] = v;
  return out;
}

/** Restricts entity-keyed datasets to the given entities (bank lines follow their account's entity). */
export function scopeSnapshot(s: Snapshot, entities: string[] | undefined): Snapshot {
  if (!entities) return s;
  const keep = new Set(entities);
  const filterRows = <T>(rows: T[]): T[] =>
    rows.filter((r) => !(r && typeof r === "object" && "entity" in r) || keep.has((r as { entity: string }).entity));
  const datasets = { ...s.datasets } as Record<string, Fact<unknown>>;
  for (const [name, fact] of Object.entries(datasets)) {
    if (!("value" in fact) || name === "kpis") continue;
    const v = fact.value as Record<string, unknown>;
    const next: Record<string, unknown> = {};
    for (const [k, rows] of Object.entries(v))
      next[k] = Array.isArray(rows) && !(name === "portfolio" && k !== "entities") ? filterRows(rows) : rows;
    if (name === "portfolio") next.entities = (v.entities as { id: string }[]).filter((e) => keep.has(e.id));
    datasets[name] = { ...fact, value: next };
  }
  const accounts =
    "value" in s.datasets.accounts
      ? new Set(s.datasets.accounts.value.accounts.filter((a) => keep.has(a.entity)).map((a) => a.id))
      : new Set<string>();
  const bank = s.datasets.bank;
  if ("value" in bank) datasets.bank = { ...bank, value: { transactions: bank.value.transactions.filter((t) => accounts.has(t.account)) } };
  const repos = Object.fromEntries(Object.entries(s.repos).filter(([, f]) => !("value" in f) || keep.has(f.value.entity)));
  const metrics = "value" in s.metrics ? { ...s.metrics, value: s.metrics.value.filter((m) => keep.has(m.entity)) } : s.metrics;
  return { ...s, datasets: datasets as Snapshot["datasets"], repos, metrics };
}
