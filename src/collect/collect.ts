/** Builds the Snapshot from data/ and every configured source; a failing source marks its facts missing. */
import path from "node:path";
import { DATA_FILES, type DataFile, type Inventory } from "../config/schema.js";
import { displayPath } from "../shared/display-path.js";
import { type Fact, type MetricSeries, missing, present, type RepoFacts, type Snapshot, type SourceStatus } from "./snapshot.js";
import type { CollectContext, Source } from "./sources/source.js";

/** Collects every fact for the period from the inventory and every registered source. Never throws for a source failure: its facts become missing with the reason. */
export async function collect(ctx: CollectContext, sources: Source[]): Promise<Snapshot> {
  const collectedAt = ctx.now().toISOString();
  const shown = displayPath(ctx.dataDir);
  const statuses: SourceStatus[] = [];
  const datasets = Object.fromEntries(
    (Object.keys(DATA_FILES) as DataFile[]).map((k) => {
      const file = path.join(shown, `${k}.yaml`);
      const value = (ctx.inventory as Partial<Inventory>)[k];
      return [k, value === undefined ? missing(`${file} not present`, file) : present(value, file, collectedAt)];
    }),
  ) as { [K in DataFile]: Fact<Inventory[K]> };
  const files = Object.values(datasets).filter((f) => "value" in f).length;
  statuses.push({ name: `inventory ${shown}`, kind: "inventory", ok: true, detail: `${files} files`, durationMs: 0 });

  const results = await Promise.all(
    sources.map(async (src) => {
      const t0 = performance.now();
      try {
        const c = await src.read(ctx);
        statuses.push({ name: src.name, kind: src.kind, ok: c.ok, detail: c.detail, durationMs: Math.round(performance.now() - t0) });
        return { src, c };
      } catch (e) {
        const detail = e instanceof Error ? e.message : String(e);
        statuses.push({ name: src.name, kind: src.kind, ok: false, detail, durationMs: Math.round(performance.now() - t0) });
        return { src, error: detail };
      }
    }),
  );

  const repoKeys = (ctx.inventory.repos?.repos ?? [])
    .filter((r) => !ctx.entities || ctx.entities.includes(r.entity))
    .map((r) => r.github ?? r.id);
  let repos: Record<string, Fact<RepoFacts>> = {};
  let metrics: Fact<MetricSeries[]> = missing("no metrics source is configured", "metrics");
  for (const r of results) {
    if ("error" in r) {
      // The whole source failed: what it provides is missing, with its reason (the hand-kept files stay).
      if (r.src.provides.repos) for (const k of repoKeys) repos[k] = missing(r.error!, r.src.name);
      if (r.src.provides.metrics) metrics = missing(r.error!, r.src.name);
      if (r.src.provides.datasets?.length) ctx.log.warn(`${r.src.name} failed; business data comes from ${ctx.dataDir} only`);
      continue;
    }
    const c = r.c!;
    if (c.datasets) Object.assign(datasets, c.datasets);
    if (c.repos) repos = { ...repos, ...c.repos };
    if (c.metrics) metrics = c.metrics;
  }
  return { period: ctx.period, collectedAt, datasets, repos: inConfigOrder(repos, repoKeys), metrics, sources: statuses };
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
  // A shared account whose allocation gives a kept entity a share stays visible, so that entity's cash can be computed.
  const shares = (a: { allocation?: Record<string, number> }) => Object.keys(a.allocation ?? {}).some((e) => keep.has(e));
  const acc = s.datasets.accounts;
  if ("value" in acc)
    datasets.accounts = { ...acc, value: { accounts: acc.value.accounts.filter((a) => keep.has(a.entity) || shares(a)) } };
  const accounts = "value" in acc ? new Set(acc.value.accounts.filter((a) => keep.has(a.entity)).map((a) => a.id)) : new Set<string>();
  const bank = s.datasets.bank;
  if ("value" in bank) datasets.bank = { ...bank, value: { transactions: bank.value.transactions.filter((t) => accounts.has(t.account)) } };
  const repos = Object.fromEntries(Object.entries(s.repos).filter(([, f]) => !("value" in f) || keep.has(f.value.entity)));
  const metrics = "value" in s.metrics ? { ...s.metrics, value: s.metrics.value.filter((m) => keep.has(m.entity)) } : s.metrics;
  return { ...s, datasets: datasets as Snapshot["datasets"], repos, metrics };
}
