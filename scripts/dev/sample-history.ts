/**
 * Dev tooling: the sample reports as a reader would get them after weeks of runs. The current period comes from
 * the real offline pipeline (sample.ts); the earlier periods' KPIs are today's data analysed for those periods
 * (the real role checks on the same snapshot, period by period), giving each KPI its 12-period history, and the
 * last few periods are chained through `followUp` so findings carry their memory and "since the last report"
 * has something to say. Used by the preview, the render benchmark and the email tests.
 */
import path from "node:path";
import { analyse } from "../../src/analyse/analyse.js";
import { followUp } from "../../src/analyse/follow-up.js";
import type { KpiHistoryPoint } from "../../src/analyse/memory.js";
import type { Report } from "../../src/analyse/report.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { loadDataDir } from "../../src/config/load.js";
import { templatesDir } from "../../src/render/templates.js";
import { type Period, previousPeriod } from "../../src/shared/period.js";
import { sampleRun } from "./sample.js";

/** The KPI values a report would have stored for its period. */
export function historyPoint(r: Report): KpiHistoryPoint {
  return {
    period: r.period.label,
    periodStart: r.period.start,
    reportId: r.id,
    values: Object.fromEntries(r.kpis.flatMap((k) => (k.value === null ? [] : [[k.id, k.value]]))),
  };
}

/** Each role's sample report with 12 periods of KPI history and `memory` periods of finding memory. */
export async function sampleReportsWithHistory(opts: { dataDir?: string; periods?: number; memory?: number } = {}): Promise<Report[]> {
  const dataDir = opts.dataDir ?? path.join(path.dirname(templatesDir()), "data");
  const { reports, snapshot } = await sampleRun(dataDir);
  const inventory = await loadDataDir(dataDir, { roles: builtinRoles.ids });
  const policy = inventory.policy;
  const earlier: Period[] = [];
  for (let p = snapshot.period, i = 1; i < (opts.periods ?? 12); i++) earlier.unshift((p = previousPeriod(p)));
  // Two remembered periods before this one: findings show their age; none is old enough to escalate in the sample.
  const memory = opts.memory ?? 2;

  return reports.map((report) => {
    const def = builtinRoles.get(report.role);
    // Each past report as if generated the morning after its period closed.
    const past = earlier.map((period) =>
      analyse(def, { ...snapshot, period }, report.scope, {}, `${period.endDate}T06:00:00.000Z`, report.audience),
    );
    const history = past.map(historyPoint);
    let previous: Report | null = null;
    for (const [i, r] of past.entries()) {
      if (i < past.length - memory) continue;
      previous = followUp(r, { previous, history: history.slice(0, i), policy });
    }
    return followUp(report, { previous, history, policy });
  });
}
