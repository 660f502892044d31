/**
 * The KPI catalogue of data/kpis.yaml, expanded for one report. A per-entity pattern ("break-even:{entity}") becomes one
 * KPI for every entity a check reported it for ("break-even:acme"), its label naming the entity and its unit.
 */
import type { Inventory } from "../config/schema.js";
import type { KpiResult } from "./check.js";

export type CatalogueEntry = Inventory["kpis"]["catalogue"][number];

export const ENTITY_PATTERN = ":{entity}";

/** Whether a catalogue or headline id is a per-entity pattern. */
export function isPattern(id: string): boolean {
  return id.endsWith(ENTITY_PATTERN);
}

/** Whether a KPI id is `pattern` expanded for some entity (or is the id itself when it is no pattern). */
export function matchesKpiId(pattern: string, id: string): boolean {
  if (!isPattern(pattern)) return pattern === id;
  const base = pattern.slice(0, -ENTITY_PATTERN.length);
  return id.startsWith(`${base}:`) && id.length > base.length + 1;
}

/** The concrete id of a pattern for one entity. */
export function kpiIdFor(pattern: string, entity: string): string {
  return isPattern(pattern) ? `${pattern.slice(0, -ENTITY_PATTERN.length)}:${entity}` : pattern;
}

/** The label with {entity} and {units} filled; a word the check did not supply reads generically, never as a placeholder. */
function fill(label: string, vars: KpiResult["vars"]): string {
  return label.replace(/\{(entity|units)\}/g, (_m, k: "entity" | "units") => vars?.[k] ?? (k === "entity" ? "each entity" : "units"));
}

/**
 * Each catalogue entry with the value a check produced for it, patterns expanded in the order the checks reported
 * them. A pattern no check reported (its check could not run) stays one KPI carrying the check's reason; an entry no
 * check computes carries its `needs` text, or says no source provides it.
 */
export function expandCatalogue(
  catalogue: readonly CatalogueEntry[],
  values: ReadonlyMap<string, KpiResult>,
): { entry: CatalogueEntry; value: KpiResult }[] {
  const out: { entry: CatalogueEntry; value: KpiResult }[] = [];
  const unset = (entry: CatalogueEntry, id: string): KpiResult => ({
    id,
    missing: entry.needs ? `needs ${entry.needs}` : "no source in the data provides this KPI yet",
  });
  for (const entry of catalogue) {
    if (!isPattern(entry.id)) {
      out.push({ entry, value: values.get(entry.id) ?? unset(entry, entry.id) });
      continue;
    }
    const found = [...values.values()].filter((v) => v.id !== entry.id && matchesKpiId(entry.id, v.id));
    if (!found.length) {
      const base = entry.id.slice(0, -ENTITY_PATTERN.length);
      const v = values.get(entry.id);
      out.push({
        entry: { ...entry, id: base, label: fill(entry.label, { entity: "each entity", units: "units" }) },
        value: v ? { ...v, id: base } : unset(entry, base),
      });
      continue;
    }
    for (const v of found) out.push({ entry: { ...entry, id: v.id, label: fill(entry.label, v.vars) }, value: v });
  }
  return out;
}
