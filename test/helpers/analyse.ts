/** Runs one role's analysis over an inventory, for role tests. */

import { analyse, type KpiHistory } from "../../src/analyse/analyse.js";
import type { Report } from "../../src/analyse/report.js";
import { reportSchema } from "../../src/analyse/report.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import type { Snapshot } from "../../src/collect/snapshot.js";
import type { Inventory, Role } from "../../src/config/schema.js";
import { NOW, snapshotOf } from "./sample.js";

export function report(role: Role, input: Inventory | Snapshot, previous: KpiHistory = {}): Report {
  const snap = "datasets" in input ? input : snapshotOf(input);
  const entities =
    "value" in snap.datasets.portfolio ? snap.datasets.portfolio.value.entities.map((e) => ({ id: e.id, name: e.name })) : [];
  return reportSchema.parse(analyse(builtinRoles.get(role), snap, { key: "all", entities }, previous, NOW.toISOString()));
}

export function kpi(r: Report, id: string): number | null {
  const k = r.kpis.find((x) => x.id === id);
  if (!k) throw new Error(`no KPI ${id} in ${r.role}: ${r.kpis.map((x) => x.id).join(", ")}`);
  return k.value;
}

export function findings(r: Report, check: string) {
  return r.findings.filter((f) => f.check === check);
}
