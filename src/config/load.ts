/** Load and validate every file in data/, then check the references between files. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../shared/errors.js";
import { DATA_FILES, type DataFile, type Inventory } from "./schema.js";
import { type ParsedFile, parseYamlFile } from "./yaml-file.js";

type Parsed = { [K in DataFile]: ParsedFile<Inventory[K]> };

/** Files a data directory may leave out; each then takes its schema's defaults. */
const OPTIONAL: ReadonlySet<DataFile> = new Set(["policy"]);

/**
 * Reads DIR/<name>.yaml for every dataset; throws one ConfigError listing every problem found. `known.checks`, when
 * given, also validates the check ids named by data/policy.yaml.
 */
export async function loadDataDir(dir: string, known: { roles?: readonly string[]; checks?: readonly string[] } = {}): Promise<Inventory> {
  const issues: string[] = [];
  const parsed: Partial<Parsed> = {};
  for (const name of Object.keys(DATA_FILES) as DataFile[]) {
    const file = path.join(dir, `${name}.yaml`);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" && OPTIONAL.has(name)) text = "{}";
      else {
        issues.push(
          code === "ENOENT"
            ? `${file}:1 (file): missing — every data directory needs ${name}.yaml (copy it from data/ in the repository)`
            : `${file}:1 (file): cannot be read (${code ?? String(e)})`,
        );
        continue;
      }
    }
    const r = parseYamlFile(file, text, DATA_FILES[name]);
    if (r.ok) (parsed as Record<string, unknown>)[name] = r.file;
    else issues.push(...r.issues);
  }
  if (issues.length === 0) issues.push(...crossCheck(dir, parsed as Parsed, known));
  if (issues.length > 0) throw new ConfigError(issues);
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, (v as ParsedFile<unknown>).value])) as Inventory;
}

/** References between files: entity, account and channel ids must exist; record ids must be unique. */
function crossCheck(dir: string, p: Parsed, ids: { roles?: readonly string[]; checks?: readonly string[] }): string[] {
  const issues: string[] = [];
  const f = (name: DataFile) => path.join(dir, `${name}.yaml`);
  const entities = new Set(p.portfolio.value.entities.map((e) => e.id));
  const accounts = new Set(p.accounts.value.accounts.map((a) => a.id));
  const channels = new Set(p.listings.value.channels.map((c) => c.id));
  const known = (set: Set<string>) => [...set].join(", ");

  const refs: [DataFile, string, Record<string, unknown>[], string, Set<string>, string][] = [
    ["listings", "listings", p.listings.value.listings, "entity", entities, "entity"],
    ["listings", "listings", p.listings.value.listings, "channel", channels, "channel"],
    ["contacts", "lists", p.contacts.value.lists, "entity", entities, "entity"],
    ["pipeline", "leads", p.pipeline.value.leads, "entity", entities, "entity"],
    ["pipeline", "funnel", p.pipeline.value.funnel, "entity", entities, "entity"],
    ["revenue", "revenue", p.revenue.value.revenue, "entity", entities, "entity"],
    ["revenue", "revenue", p.revenue.value.revenue, "account", accounts, "account"],
    ["expenses", "expenses", p.expenses.value.expenses, "entity", entities, "entity"],
    ["expenses", "expenses", p.expenses.value.expenses, "account", accounts, "account"],
    ["costs", "fixed", p.costs.value.fixed, "entity", entities, "entity"],
    ["costs", "unitEconomics", p.costs.value.unitEconomics, "entity", entities, "entity"],
    ["accounts", "accounts", p.accounts.value.accounts, "entity", entities, "entity"],
    ["bank", "transactions", p.bank.value.transactions, "account", accounts, "account"],
    ["equity", "holders", p.equity.value.holders, "entity", entities, "entity"],
    ["assets", "assets", p.assets.value.assets, "entity", entities, "entity"],
    ["aws", "spend", p.aws.value.spend, "entity", entities, "entity"],
    ["aws", "lambdas", p.aws.value.lambdas, "entity", entities, "entity"],
    ["aws", "natGateways", p.aws.value.natGateways, "entity", entities, "entity"],
    ["aws", "buckets", p.aws.value.buckets, "entity", entities, "entity"],
    ["repos", "repos", p.repos.value.repos, "entity", entities, "entity"],
    ["metrics", "metrics", p.metrics.value.metrics, "entity", entities, "entity"],
    ["listings", "channels", p.listings.value.channels.filter((c) => c.alternativeTo), "alternativeTo", channels, "channel"],
  ];
  for (const [file, key, rows, field, set, what] of refs) {
    rows.forEach((row, i) => {
      const v = row[field] as string;
      if (!set.has(v)) {
        issues.push(
          `${f(file)}:${p[file].lineOf([key, i, field])} ${key}[${i}].${field}: "${v}" is not a known ${what} — expected one of ${known(set)}`,
        );
      }
    });
  }

  if (ids.roles) {
    const roles = ids.roles;
    p.kpis.value.catalogue.forEach((k, i) => {
      if (!roles.includes(k.role)) {
        issues.push(
          `${f("kpis")}:${p.kpis.lineOf(["catalogue", i, "role"])} catalogue[${i}].role: "${k.role}" — expected one of ${roles.map((r) => `"${r}"`).join(", ")}`,
        );
      }
    });
  }

  issues.push(...allocationIssues(f("accounts"), p, entities));
  issues.push(...policyIssues(f("policy"), p, entities, ids.checks));

  const unique: [DataFile, string, { id: string }[]][] = [
    ["portfolio", "entities", p.portfolio.value.entities],
    ["revenue", "revenue", p.revenue.value.revenue],
    ["expenses", "expenses", p.expenses.value.expenses],
    ["accounts", "accounts", p.accounts.value.accounts],
    ["bank", "transactions", p.bank.value.transactions],
    ["assets", "assets", p.assets.value.assets],
    ["listings", "channels", p.listings.value.channels],
    ["repos", "repos", p.repos.value.repos],
    ["kpis", "catalogue", p.kpis.value.catalogue.map((k) => ({ id: `${k.role}/${k.id}` }))],
    ["costs", "unitEconomics", p.costs.value.unitEconomics.map((u) => ({ id: u.entity }))],
  ];
  for (const [file, key, rows] of unique) {
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      const first = seen.get(row.id);
      if (first !== undefined) {
        issues.push(
          `${f(file)}:${p[file].lineOf([key, i, "id"])} ${key}[${i}].id: "${row.id}" repeats ${key}[${first}].id — expected a unique id`,
        );
      } else seen.set(row.id, i);
    });
  }
  return issues;
}

/** A shared account's allocation names known entities and sums to 100%. */
function allocationIssues(file: string, p: Parsed, entities: Set<string>): string[] {
  const issues: string[] = [];
  p.accounts.value.accounts.forEach((a, i) => {
    if (!a.allocation) return;
    const at = (...k: string[]) => `${file}:${p.accounts.lineOf(["accounts", i, "allocation", ...k])} accounts[${i}].allocation`;
    for (const e of Object.keys(a.allocation))
      if (!entities.has(e)) issues.push(`${at(e)}.${e}: not a known entity — expected one of ${[...entities].join(", ")}`);
    const total = Math.round(Object.values(a.allocation).reduce((x, y) => x + y, 0) * 100) / 100;
    if (total !== 100) issues.push(`${at()}: shares sum to ${total}% — expected 100%`);
  });
  return issues;
}

/** Policy rule ids name known entities (and known checks, when the caller lists them). */
function policyIssues(file: string, p: Parsed, entities: Set<string>, checks?: readonly string[]): string[] {
  const issues: string[] = [];
  for (const rule of Object.keys(p.policy.value.severity)) {
    const [check = "", entity] = rule.split(":");
    const at = `${file}:${p.policy.lineOf(["severity", rule])} severity.${rule}`;
    if (checks && !checks.includes(check))
      issues.push(`${at}: "${check}" is not a check — expected one of ${[...checks].sort().join(", ")}`);
    if (entity !== undefined && entity !== "portfolio" && !entities.has(entity))
      issues.push(`${at}: "${entity}" is not a known entity — expected one of portfolio, ${[...entities].join(", ")}`);
  }
  return issues;
}
