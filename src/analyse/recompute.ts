/**
 * Past periods' KPIs recomputed from today's data, pure: the role's checks run on this run's snapshot with the
 * period moved back. Only KPIs drawn from hand-kept and business datasets are kept: git history and metrics are
 * collected for this period's window alone, so today's snapshot cannot say what they were then, and a KPI
 * derived from this report's own findings is not a figure of the books.
 */
import type { Snapshot } from "../collect/snapshot.js";
import type { Period } from "../shared/period.js";
import { analyse } from "./analyse.js";
import type { KpiHistoryPoint } from "./memory.js";
import type { RoleDefinition } from "./role.js";

/** Pure: each of `periods` analysed on `snapshot` (moved to that period), as history points for restatements. */
export function recomputeKpis(
  def: RoleDefinition,
  snapshot: Snapshot,
  scope: { key: string; entities: { id: string; name: string }[] },
  periods: Period[],
): KpiHistoryPoint[] {
  const windowed = [...Object.values(snapshot.repos).map((f) => f.source), snapshot.metrics.source, "this report's findings"];
  return periods.map((period) => {
    const r = analyse(def, { ...snapshot, period }, scope, {}, snapshot.collectedAt);
    const values: Record<string, number> = {};
    for (const k of r.kpis) if (k.value !== null && !windowed.some((w) => k.source.includes(w))) values[k.id] = k.value;
    return { period: period.label, periodStart: period.start, values };
  });
}
