/**
 * What changed since the last report, pure: given this report (memory applied), the previous report of the same
 * audience and the stored KPI history, the new, resolved and worse findings, KPIs that crossed their target,
 * escalations, accepted risks and restated figures.
 */
import type { Unit } from "../shared/format.js";
import { severityRank } from "./actions.js";
import { type KpiHistoryPoint, newestFirst } from "./memory.js";
import type { Changes, Finding, FindingRef, Kpi, Report, Restatement, Severity } from "./report.js";
import { noChanges } from "./report.js";

/** How far a recomputed figure may drift from the reported one before it counts as restated (rounding noise). */
const TOLERANCE: Record<Unit, number> = { usd: 1, count: 0.5, pct: 0.1, months: 0.1, days: 0.1, ratio: 0.01 };
const RELATIVE_TOLERANCE = 0.005;

/** Points in a sparkline: this period and the 11 before it. */
export const SERIES_LENGTH = 12;

const ref = (f: Finding): FindingRef => ({ id: f.id, title: f.title, severity: f.severity, entity: f.entity });
const base = (f: Finding): Severity => f.memory?.escalated?.from ?? f.severity;

function meets(v: number, t: { op: ">=" | "<="; value: number }): boolean {
  return t.op === ">=" ? v >= t.value : v <= t.value;
}

/**
 * Past figures the books now tell differently: `history` holds what each period's report said, `recomputed` the
 * same periods computed from today's data. Only the report's own KPIs, beyond rounding noise; oldest first.
 */
export function restatements(history: KpiHistoryPoint[], recomputed: KpiHistoryPoint[], kpis: Kpi[]): Restatement[] {
  const reported = new Map(history.map((h) => [h.period, h]));
  const out: (Restatement & { key: string })[] = [];
  for (const r of recomputed) {
    const h = reported.get(r.period);
    if (!h) continue;
    for (const k of kpis) {
      const was = h.values[k.id];
      const now = r.values[k.id];
      if (was === undefined || now === undefined || !Number.isFinite(was) || !Number.isFinite(now)) continue;
      const diff = Math.abs(now - was);
      if (diff >= TOLERANCE[k.unit as Unit] && diff > RELATIVE_TOLERANCE * Math.abs(was))
        out.push({ kpi: k.id, label: k.label, unit: k.unit, period: r.period, reported: was, now, key: r.periodStart ?? r.period });
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(({ key: _, ...x }) => x);
}

/**
 * Each KPI's last SERIES_LENGTH values, oldest first, ending with this period: today's recomputation of a past
 * period where there is one (the trend shows what the books say now), else what was reported then.
 */
export function withSeries(report: Report, history: KpiHistoryPoint[], recomputed: KpiHistoryPoint[] = []): Report {
  const earlier = newestFirst(history, report.period)
    .slice(0, SERIES_LENGTH - 1)
    .reverse();
  if (earlier.length === 0) return report;
  const now = new Map(recomputed.map((r) => [r.period, r.values]));
  const last = earlier.at(-1)!;
  return {
    ...report,
    kpis: report.kpis.map((k) => {
      const series = [
        ...earlier.map((h) => ({ period: h.period, value: now.get(h.period)?.[k.id] ?? h.values[k.id] ?? null })),
        { period: report.period.label, value: k.value },
      ];
      // The change is against what the last report said (as the reader remembers it), when analyse had no baseline.
      const was = last.values[k.id];
      if (k.previous !== null || was === undefined) return { ...k, series };
      return k.value === null
        ? { ...k, series, previous: was }
        : { ...k, series, previous: was, delta: Math.round((k.value - was) * 100) / 100 };
    }),
  };
}

/** Pure: the changes between `report` and the previous report of the same audience. */
export function computeChanges(report: Report, previous: Report | null, restated: Restatement[] = []): Changes {
  if (!previous) return { ...noChanges(), restated };
  const before = new Map(previous.findings.map((f) => [f.id, f]));
  const now = new Set(report.findings.map((f) => f.id));
  const watched = new Set(report.watching.map((w) => w.id));

  const crossedTarget: Changes["crossedTarget"] = [];
  for (const k of report.kpis) {
    if (!k.target || k.value === null) continue;
    const was = previous.kpis.find((p) => p.id === k.id)?.value ?? k.previous;
    if (was === null || was === undefined) continue;
    const wasOk = meets(was, k.target);
    const isOk = meets(k.value, k.target);
    if (wasOk !== isOk)
      crossedTarget.push({
        kpi: k.id,
        label: k.label,
        unit: k.unit,
        direction: isOk ? "met" : "missed",
        from: was,
        to: k.value,
        target: k.target,
      });
  }

  return {
    previous: { id: previous.id, period: previous.period.label, generatedAt: previous.generatedAt },
    new: report.findings.filter((f) => !before.has(f.id)).map(ref),
    resolved: previous.findings.filter((f) => !now.has(f.id) && !watched.has(f.id)).map(ref),
    worse: report.findings.flatMap((f) => {
      const b = before.get(f.id);
      return b && severityRank(base(f)) < severityRank(base(b)) ? [{ ...ref(f), from: base(b) }] : [];
    }),
    crossedTarget,
    restated,
    escalated: report.findings.flatMap((f) => {
      const e = f.memory?.escalated;
      const b = before.get(f.id);
      if (!e || (b && severityRank(f.severity) >= severityRank(b.severity))) return [];
      return [{ ...ref(f), from: e.from, periodsOpen: f.memory!.periodsOpen }];
    }),
    accepted: report.findings.flatMap((f) => {
      const a = f.memory?.acknowledged;
      return a && !before.get(f.id)?.memory?.acknowledged ? [{ ...ref(f), ...a }] : [];
    }),
  };
}
