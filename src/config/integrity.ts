/**
 * Integrity across and within the data files: every reference resolves, every id is unique in its file and no id is a
 * reserved word, and shares that must add up do. A file that is absent is not checked (its datasets are missing).
 */
import path from "node:path";
import { RESERVED_IDS } from "./limits.js";
import type { DataFile, Inventory } from "./schema.js";
import type { ParsedFile } from "./yaml-file.js";

export type Loaded = { [K in DataFile]?: ParsedFile<Inventory[K]> };
type Row = Record<string, unknown>;
type Key = (string | number)[];

/** Every integrity problem as `file:line path: value — expected …`. */
export function integrityIssues(dir: string, p: Loaded, known: { roles?: readonly string[]; checks?: readonly string[] } = {}): string[] {
  const issues: string[] = [];
  const at = (file: DataFile, key: Key) => `${path.join(dir, `${file}.yaml`)}:${p[file]!.lineOf(key)} ${fmt(key)}`;
  const portfolio = p.portfolio!.value;
  const entities = new Set(portfolio.entities.map((e) => e.id));
  const accounts = p.accounts ? new Set(p.accounts.value.accounts.map((a) => a.id)) : undefined;
  const channels = p.listings ? new Set(p.listings.value.channels.map((c) => c.id)) : undefined;
  const list = (set: Set<string>) => {
    const all = [...set];
    return all.length > 12 ? `${all.slice(0, 12).join(", ")}, … (${all.length})` : all.join(", ");
  };

  /** rows[i][field] must be in `set` (skipped when the file that defines the set is absent). */
  const refs = (file: DataFile, key: string, rows: Row[] | undefined, field: string, set: Set<string> | undefined, what: string) => {
    if (!rows || !set) return;
    rows.forEach((row, i) => {
      const v = row[field];
      if (typeof v === "string" && !set.has(v))
        issues.push(`${at(file, [key, i, field])}: "${v}" is not a known ${what} — expected one of ${list(set)}`);
    });
  };
  const v = <K extends DataFile>(k: K) => p[k]?.value as Inventory[K] | undefined;
  refs("listings", "listings", v("listings")?.listings, "entity", entities, "entity");
  refs("listings", "listings", v("listings")?.listings, "channel", channels, "channel");
  refs("contacts", "lists", v("contacts")?.lists, "entity", entities, "entity");
  refs("pipeline", "leads", v("pipeline")?.leads, "entity", entities, "entity");
  refs("pipeline", "funnel", v("pipeline")?.funnel, "entity", entities, "entity");
  refs("revenue", "revenue", v("revenue")?.revenue, "entity", entities, "entity");
  refs("revenue", "revenue", v("revenue")?.revenue, "account", accounts, "account");
  refs("expenses", "expenses", v("expenses")?.expenses, "entity", entities, "entity");
  refs("expenses", "expenses", v("expenses")?.expenses, "account", accounts, "account");
  refs("costs", "fixed", v("costs")?.fixed, "entity", entities, "entity");
  refs("costs", "unitEconomics", v("costs")?.unitEconomics, "entity", entities, "entity");
  refs("accounts", "accounts", v("accounts")?.accounts, "entity", entities, "entity");
  refs("bank", "transactions", v("bank")?.transactions, "account", accounts, "account");
  refs("equity", "holders", v("equity")?.holders, "entity", entities, "entity");
  refs("equity", "agreements", v("equity")?.agreements, "entity", entities, "entity");
  refs("assets", "assets", v("assets")?.assets, "entity", entities, "entity");
  refs("aws", "spend", v("aws")?.spend, "entity", entities, "entity");
  refs("aws", "lambdas", v("aws")?.lambdas, "entity", entities, "entity");
  refs("aws", "natGateways", v("aws")?.natGateways, "entity", entities, "entity");
  refs("aws", "buckets", v("aws")?.buckets, "entity", entities, "entity");
  refs("repos", "repos", v("repos")?.repos, "entity", entities, "entity");
  refs("metrics", "metrics", v("metrics")?.metrics, "entity", entities, "entity");
  if (known.roles) refs("kpis", "catalogue", v("kpis")?.catalogue, "role", new Set(known.roles), "role");
  refs(
    "listings",
    "channels",
    v("listings")?.channels.filter((c) => c.alternativeTo),
    "alternativeTo",
    channels,
    "channel",
  );
  if (p.accounts) issues.push(...allocationIssues(path.join(dir, "accounts.yaml"), p.accounts, entities));
  if (p.policy) issues.push(...policyIssues(path.join(dir, "policy.yaml"), p.policy, entities, known.checks));

  /** rows must not repeat the same value of `key(row)`; the message names the field at `field`. */
  const unique = (file: DataFile, listKey: string, rows: Row[] | undefined, field: string, key: (r: Row) => string, what: string) => {
    const seen = new Map<string, number>();
    rows?.forEach((row, i) => {
      const k = key(row);
      const first = seen.get(k);
      if (first === undefined) seen.set(k, i);
      else
        issues.push(
          `${at(file, [listKey, i, field])}: ${JSON.stringify(row[field])} repeats ${listKey}[${first}].${field}${what ? ` (same ${what})` : ""} — expected a unique ${field === "id" ? "id" : field}`,
        );
    });
  };
  const by =
    (...fields: string[]) =>
    (r: Row) =>
      JSON.stringify(fields.map((f) => r[f] ?? null));
  unique("portfolio", "entities", portfolio.entities, "id", by("id"), "");
  unique("portfolio", "entities", portfolio.entities, "name", by("name"), "");
  portfolio.entities.forEach((e, i) =>
    e.services.forEach((s, j) => {
      const first = e.services.findIndex((x) => x.name === s.name);
      if (first < j)
        issues.push(
          `${at("portfolio", ["entities", i, "services", j, "name"])}: "${s.name}" repeats entities[${i}].services[${first}] — expected a unique service name within the entity`,
        );
    }),
  );
  unique("revenue", "revenue", v("revenue")?.revenue, "id", by("id"), "");
  unique("expenses", "expenses", v("expenses")?.expenses, "id", by("id"), "");
  unique("accounts", "accounts", v("accounts")?.accounts, "id", by("id"), "");
  unique("bank", "transactions", v("bank")?.transactions, "id", by("id"), "");
  unique("assets", "assets", v("assets")?.assets, "id", by("id"), "");
  unique("listings", "channels", v("listings")?.channels, "id", by("id"), "");
  unique("listings", "listings", v("listings")?.listings, "channel", by("entity", "channel"), "entity and channel");
  unique("repos", "repos", v("repos")?.repos, "id", by("id"), "");
  unique("repos", "repos", v("repos")?.repos?.filter((r) => r.github) as Row[] | undefined, "github", by("github"), "GitHub repository");
  unique("aws", "lambdas", v("aws")?.lambdas, "name", by("name"), "function name");
  unique("aws", "buckets", v("aws")?.buckets, "name", by("name"), "bucket name");
  unique("aws", "natGateways", v("aws")?.natGateways, "id", by("id"), "");
  unique("aws", "spend", v("aws")?.spend, "service", by("month", "service", "entity"), "month, service and entity");
  unique("contacts", "lists", v("contacts")?.lists, "name", by("entity", "name"), "entity and name");
  unique("costs", "fixed", v("costs")?.fixed, "name", by("entity", "name"), "entity and name");
  unique("costs", "unitEconomics", v("costs")?.unitEconomics, "entity", by("entity"), "entity: one unit economics per entity");
  unique("equity", "holders", v("equity")?.holders, "holder", by("entity", "holder"), "entity and holder");
  unique("pipeline", "funnel", v("pipeline")?.funnel, "month", by("entity", "month"), "entity and month");
  unique("metrics", "metrics", v("metrics")?.metrics, "metric", by("entity", "namespace", "metric", "dimension", "stat"), "series");
  unique("kpis", "catalogue", v("kpis")?.catalogue, "id", by("role", "id"), "role and id");

  // Ids that the reports use as keys of their own.
  const reserved = (file: DataFile, listKey: string, rows: Row[] | undefined, field = "id") =>
    rows?.forEach((r, i) => {
      const id = r[field];
      if (typeof id === "string" && RESERVED_IDS.includes(id))
        issues.push(`${at(file, [listKey, i, field])}: "${id}" is a reserved word — expected another id (not ${RESERVED_IDS.join(", ")})`);
    });
  reserved("portfolio", "entities", portfolio.entities);
  reserved("accounts", "accounts", v("accounts")?.accounts);
  reserved("listings", "channels", v("listings")?.channels);
  reserved("repos", "repos", v("repos")?.repos);
  reserved("assets", "assets", v("assets")?.assets);

  issues.push(...sums(at, p));
  return issues;
}

/** Shares and ranges that must add up: equity per entity, percentage costs per unit, opted-in ≤ size, low ≤ high. */
function sums(at: (file: DataFile, key: Key) => string, p: Loaded): string[] {
  const issues: string[] = [];
  const total = new Map<string, number>();
  p.equity?.value.holders.forEach((h, i) => {
    const before = total.get(h.entity) ?? 0;
    const after = before + h.pct;
    total.set(h.entity, after);
    if (after > 100 + 1e-9 && before <= 100 + 1e-9)
      issues.push(
        `${at("equity", ["holders", i, "pct"])}: ${h.pct} — expected the holders of "${h.entity}" to own at most 100% in all (this row brings them to ${round(after)}%)`,
      );
  });
  p.costs?.value.unitEconomics.forEach((u, i) => {
    const pct = u.variableCosts.reduce((a, c) => a + ("pctOfPrice" in c ? c.pctOfPrice : 0), 0);
    if (pct > 100 + 1e-9)
      issues.push(
        `${at("costs", ["unitEconomics", i, "variableCosts"])}: ${round(pct)}% of the price — expected percentage costs of at most 100% in all`,
      );
  });
  p.contacts?.value.lists.forEach((l, i) => {
    if (l.optedIn > l.size)
      issues.push(`${at("contacts", ["lists", i, "optedIn"])}: ${l.optedIn} — expected at most the list's size (${l.size})`);
  });
  const c = p.contacts?.value.campaign;
  for (const k of ["responseRatePct", "bookingRatePct"] as const)
    if (c && c[k].low > c[k].high)
      issues.push(`${at("contacts", ["campaign", k, "low"])}: ${c[k].low} — expected low ≤ high (${c[k].high})`);
  p.aws?.value.lambdas.forEach((l, i) => {
    if (l.maxUsedMb > l.memoryMb)
      issues.push(`${at("aws", ["lambdas", i, "maxUsedMb"])}: ${l.maxUsedMb} — expected at most the function's memoryMb (${l.memoryMb})`);
  });
  return issues;
}

const round = (x: number) => Math.round(x * 100) / 100;

function fmt(key: Key): string {
  let out = "";
  for (const k of key) out += typeof k === "number" ? `[${k}]` : (out ? "." : "") + k;
  return out;
}

/** A shared account's allocation names known entities and sums to 100%. */
function allocationIssues(file: string, accounts: ParsedFile<Inventory["accounts"]>, entities: Set<string>): string[] {
  const issues: string[] = [];
  accounts.value.accounts.forEach((a, i) => {
    if (!a.allocation) return;
    const at = (...k: string[]) => `${file}:${accounts.lineOf(["accounts", i, "allocation", ...k])} accounts[${i}].allocation`;
    for (const e of Object.keys(a.allocation))
      if (!entities.has(e)) issues.push(`${at(e)}.${e}: not a known entity — expected one of ${[...entities].join(", ")}`);
    const total = Math.round(Object.values(a.allocation).reduce((x, y) => x + y, 0) * 100) / 100;
    if (total !== 100) issues.push(`${at()}: shares sum to ${total}% — expected 100%`);
  });
  return issues;
}

/** Policy rule ids name known entities (and known checks, when the caller lists them). */
function policyIssues(file: string, policy: ParsedFile<Inventory["policy"]>, entities: Set<string>, checks?: readonly string[]): string[] {
  const issues: string[] = [];
  for (const rule of Object.keys(policy.value.severity ?? {})) {
    const [check = "", entity] = rule.split(":");
    const at = `${file}:${policy.lineOf(["severity", rule])} severity.${rule}`;
    if (checks && !checks.includes(check))
      issues.push(`${at}: "${check}" is not a check — expected one of ${[...checks].sort().join(", ")}`);
    if (entity !== undefined && entity !== "portfolio" && !entities.has(entity))
      issues.push(`${at}: "${entity}" is not a known entity — expected one of portfolio, ${[...entities].join(", ")}`);
  }
  return issues;
}
