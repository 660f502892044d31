/**
 * The memory stage: what the audience's earlier reports said (stored with the KPI history as a digest) turns this
 * report's findings into remembered ones (grace, escalation, acknowledgement), its KPIs into trends, restatements
 * and changes since the last report, and its failed or stale sources into banners.
 */
import { escalationsOf, followUp } from "../analyse/follow-up.js";
import type { CardAcknowledgement, KpiHistoryPoint } from "../analyse/memory.js";
import { recomputeKpis } from "../analyse/recompute.js";
import type { Escalation, Report } from "../analyse/report.js";
import type { RoleDefinition } from "../analyse/role.js";
import type { KpiSnapshot } from "../audit/audit-log.js";
import type { Snapshot } from "../collect/snapshot.js";
import type { Policy } from "../config/policy.js";
import { parsePeriod } from "../shared/period.js";

/** How many earlier periods the sparklines, restatements and memory read. */
export const HISTORY_PERIODS = 12;

/** What a report keeps for the next one: its findings with their memory, what it was watching, its KPIs, and the acknowledged cards. */
export interface ReportDigest {
  id: string;
  period: Report["period"];
  generatedAt: string;
  kpis: Report["kpis"];
  findings: Report["findings"];
  watching: Report["watching"];
  acknowledgements: CardAcknowledgement[];
}

/** The digest stored with the KPI history of a report. */
export function digestOf(report: Report, acknowledgements: CardAcknowledgement[]): ReportDigest {
  const { id, period, generatedAt, kpis, findings, watching } = report;
  return { id, period, generatedAt, kpis, findings, watching, acknowledgements };
}

function parseDigest(s: KpiSnapshot | undefined): ReportDigest | null {
  if (!s?.digest) return null;
  try {
    return JSON.parse(s.digest) as ReportDigest;
  } catch {
    return null;
  }
}

/** The digest as the previous Report the memory functions read (the parts a digest leaves out are empty). */
function asReport(d: ReportDigest, current: Report): Report {
  return {
    ...current,
    id: d.id,
    period: d.period,
    generatedAt: d.generatedAt,
    kpis: d.kpis,
    findings: d.findings,
    watching: d.watching,
    actions: [],
    sections: [],
  };
}

export interface FollowInput {
  report: Report;
  def: RoleDefinition;
  /** The audience's stored history, newest period first (this period's earlier run included, if any). */
  history: KpiSnapshot[];
  scoped: Snapshot;
  policy: Policy;
  timeZone: string;
  /** Cards acknowledged as this run's board sync found them (the previous report's otherwise). */
  acknowledgements?: CardAcknowledgement[];
}

/** Pure: the report with its memory. The previous report is the newest EARLIER period's, never a rerun of this one. */
export function followStage(i: FollowInput): Report {
  const earlier = i.history.filter((h) => h.period !== i.report.period.label);
  const previousDigest = parseDigest(earlier.find((h) => h.digest));
  const points: KpiHistoryPoint[] = earlier.map((h) => ({ period: h.period, periodStart: h.periodStart ?? "", values: h.values }));
  const periods = earlier.flatMap((h) => {
    try {
      return [parsePeriod(h.period, i.timeZone)];
    } catch {
      return [];
    }
  });
  const recomputed = recomputeKpis(i.def, i.scoped, i.report.scope, periods);
  return followUp(i.report, {
    previous: previousDigest ? asReport(previousDigest, i.report) : null,
    history: points,
    recomputed,
    acknowledgements: i.acknowledgements ?? previousDigest?.acknowledgements ?? [],
    policy: i.policy,
  });
}

/** The escalations a notify-role report names: those of this run's other reports and the latest stored ones of the rest. */
export function escalationsFor(report: Report, built: Report[], stored: KpiSnapshot[]): Escalation[] {
  const fromRun = built.filter((r) => r.id !== report.id).flatMap(escalationsOf);
  const seen = new Set(fromRun.map((e) => e.reportId.split(".")[0]));
  const fromStore = stored.flatMap((s) => {
    const d = parseDigest(s);
    if (!d || seen.has(d.id.split(".")[0])) return [];
    return escalationsOf(asReport(d, report));
  });
  return [...fromRun, ...fromStore].filter((e) => e.reportId !== report.id);
}
