/** A role is a list of checks: small named pure functions of the Snapshot. */
import type { DatasetName, Snapshot } from "../collect/snapshot.js";
import { isPresent } from "../collect/snapshot.js";
import type { Inventory, Role } from "../config/schema.js";
import type { Section, Severity } from "./report.js";

/** Words a per-entity KPI's label may name: {entity} (its name) and {units} (its unit, plural). */
export type KpiVars = { entity?: string; units?: string };

export type KpiResult =
  | { id: string; value: number; source: string; asOf: string; vars?: KpiVars }
  | { id: string; missing: string; source?: string; vars?: KpiVars };

export interface FindingDraft {
  entity: string;
  /** Distinguishes several findings of one check for one entity (e.g. a file name). */
  key?: string;
  severity: Severity;
  title: string;
  evidence: string[];
  recommendation: string;
  impactUsdPerMonth?: number | null;
  sources: string[];
}

export interface CheckOutput {
  kpis?: KpiResult[];
  findings?: FindingDraft[];
  sections?: Section[];
  summary?: string[];
}

/** What a check reads: datasets already present and scoped to the report's entities. */
export type Data<N extends DatasetName> = { [K in N]: Inventory[K] };

export interface Check<N extends DatasetName = DatasetName> {
  id: string;
  /** Datasets the check reads; when one is missing every KPI it declares is reported missing with the reason. */
  needs: readonly N[];
  /** KPI ids this check computes; a per-entity pattern ("break-even:{entity}") stands for every entity's KPI. */
  kpis?: readonly string[];
  run(data: Data<N>, ctx: CheckContext): CheckOutput;
}

export interface CheckContext {
  snapshot: Snapshot;
  role: Role;
  /** Where each dataset came from, e.g. data/revenue.yaml. */
  source(...names: DatasetName[]): string;
  /** The oldest as-of time among the named datasets. */
  asOf(...names: DatasetName[]): string;
  entityName(id: string): string;
}

/** Declares a check with typed data access (helps inference of `needs`). */
export function check<const N extends DatasetName>(c: Check<N>): Check {
  return c as unknown as Check;
}

/** Builds the context and, when every dataset a check needs is present, its data. */
export function contextFor(snapshot: Snapshot, role: Role): CheckContext {
  const entities = isPresent(snapshot.datasets.portfolio) ? snapshot.datasets.portfolio.value.entities : [];
  return {
    snapshot,
    role,
    source: (...names) => [...new Set(names.map((n) => snapshot.datasets[n].source))].join(" + "),
    asOf: (...names) =>
      names
        .map((n) => snapshot.datasets[n])
        .filter(isPresent)
        .map((f) => f.asOf)
        .sort()[0] ?? snapshot.collectedAt,
    entityName: (id) => (id === "portfolio" ? "Portfolio" : (entities.find((e) => e.id === id)?.name ?? id)),
  };
}

/** Money formatted for prose: $1,234 or $1,234.56. */
export function usd(x: number): string {
  const abs = Math.abs(x);
  const s = abs.toLocaleString("en-US", { minimumFractionDigits: Number.isInteger(abs) ? 0 : 2, maximumFractionDigits: 2 });
  return `${x < 0 ? "−" : ""}$${s}`;
}
