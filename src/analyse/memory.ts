/**
 * Rules with memory, pure: what the report remembers of each finding from the previous report of the same
 * audience. KPI thresholds (warn, critical) raise findings once a breach has lasted its grace period; a finding
 * alerts only after its check's grace period; a finding open long enough escalates one step (severity, and so
 * its card's priority); a risk accepted on its card (label `accepted-risk`, or closed as not planned) never escalates.
 */
import type { ReportPolicy } from "../config/policy.js";
import type { Unit } from "../shared/format.js";
import { nextPeriod, parsePeriod } from "../shared/period.js";
import { actionsFor, aggregateEntity, fingerprint, scopeNames, severityRank, sortFindings } from "./actions.js";
import { matchesKpiId } from "./kpi-catalogue.js";
import type { Acknowledgement, Finding, Kpi, Report, Severity, ThresholdState, Watching } from "./report.js";
import { SEVERITIES } from "./report.js";
import { figure } from "./summary.js";

/** The KPI values stored for one earlier period of the audience (what its report said then). */
export interface KpiHistoryPoint {
  period: string;
  /** Start of the period (ISO instant): orders points across labels. */
  periodStart?: string;
  reportId?: string;
  values: Record<string, number>;
}

/** An acknowledgement read from the board: the card's fingerprint, and who accepted the risk, how and when. */
export interface CardAcknowledgement extends Acknowledgement {
  fingerprint: string;
}

export interface MemoryInput {
  /** The last report of the same audience for an earlier period (null for a first report). */
  previous: Report | null;
  /** Stored KPI values of earlier periods (any order; the last 12 are enough). */
  history: KpiHistoryPoint[];
  acknowledgements: CardAcknowledgement[];
  policy: Pick<ReportPolicy, "kpis" | "grace" | "escalation">;
}

export const THRESHOLD_CHECK = "kpi-threshold";

/** Periods from `a` to `b` (labels of one kind): 0 for the same period, 1 for the next; 1 when they cannot be compared. */
export function periodsFrom(a: string, b: string): number {
  if (a === b) return 0;
  let p: ReturnType<typeof parsePeriod>;
  let end: ReturnType<typeof parsePeriod>;
  try {
    p = parsePeriod(a);
    end = parsePeriod(b);
  } catch {
    return 1;
  }
  if (p.kind !== end.kind || p.start > end.start) return 1;
  let n = 0;
  while (p.start < end.start && n < 520) {
    p = nextPeriod(p);
    n++;
  }
  return n;
}

/** Earlier history points, newest first. */
export function newestFirst(history: KpiHistoryPoint[], current: { label: string; start: string }): KpiHistoryPoint[] {
  const key = (h: KpiHistoryPoint) => h.periodStart ?? h.period;
  return history
    .filter((h) => (h.periodStart ? h.periodStart < current.start : h.period < current.label))
    .sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
}

function raise(s: Severity, steps: number): Severity {
  return SEVERITIES[Math.max(0, severityRank(s) - steps)]!;
}

type Threshold = ReportPolicy["kpis"][string];

function level(t: Threshold, v: number): ThresholdState["level"] {
  const past = (x: number | undefined) => x !== undefined && (t.breach === "below" ? v < x : v > x);
  return past(t.critical) ? "critical" : past(t.warn) ? "warn" : "ok";
}

/** A KPI's threshold state, counting the periods in a row it has been in breach from the stored history. */
export function thresholdState(k: Kpi, t: Threshold, defaultGrace: number, earlier: KpiHistoryPoint[]): ThresholdState | undefined {
  if (k.value === null) return undefined;
  const now = level(t, k.value);
  let run = 0;
  if (now !== "ok") {
    run = 1;
    for (const h of earlier) {
      const v = h.values[k.id];
      if (v === undefined || level(t, v) === "ok") break;
      run++;
    }
  }
  return {
    breach: t.breach,
    ...(t.warn !== undefined ? { warn: t.warn } : {}),
    ...(t.critical !== undefined ? { critical: t.critical } : {}),
    level: now,
    periodsInBreach: run,
    grace: t.grace ?? defaultGrace,
  };
}

function thresholdFinding(k: Kpi & { value: number }, s: ThresholdState, entity: string): Finding {
  const unit = k.unit as Unit;
  const limit = s.level === "critical" ? s.critical! : s.warn!;
  const back = s.warn ?? s.critical!;
  const run = s.periodsInBreach > 1 ? ` for ${s.periodsInBreach} periods in a row` : "";
  return {
    id: `${THRESHOLD_CHECK}:${entity}:${k.id}`,
    check: THRESHOLD_CHECK,
    entity,
    severity: s.level === "critical" ? "critical" : "high",
    title: `${k.label} ${figure(k.value, unit)} is ${s.breach} its ${s.level} threshold of ${figure(limit, unit)}${run}`,
    evidence: [
      `${k.label}: ${figure(k.value, unit)} (${s.breach === "below" ? "lower" : "higher"} is worse)`,
      `Thresholds in the policy: ${[s.warn !== undefined ? `warn ${figure(s.warn, unit)}` : "", s.critical !== undefined ? `critical ${figure(s.critical, unit)}` : ""].filter(Boolean).join(", ")}`,
    ],
    recommendation: `Bring ${k.label.charAt(0).toLowerCase()}${k.label.slice(1)} back ${s.breach === "below" ? "above" : "below"} ${figure(back, unit)}.`,
    impactUsdPerMonth: null,
    sources: [k.source, "data/policy.yaml (kpis)"],
  };
}

/** Pure: the report with thresholds, grace, memory, escalation and acknowledgements applied, and actions re-ranked. */
export function applyMemory(report: Report, input: MemoryInput): Report {
  const { previous, policy } = input;
  const earlier = newestFirst(input.history, report.period);
  const step = previous ? periodsFrom(previous.period.label, report.period.label) : 1;
  const prevFinding = new Map((previous?.findings ?? []).map((f) => [f.id, f]));
  const prevWatching = new Map((previous?.watching ?? []).map((w) => [w.id, w]));
  const acks = new Map(input.acknowledgements.map((a) => [a.fingerprint, a]));
  const watching: Watching[] = [];

  // A report already remembered is not remembered twice: its findings restart from the check's own words.
  const raw = report.findings.filter((f) => f.check !== THRESHOLD_CHECK).map((f) => stripMemory(f));
  const candidates: Finding[] = [...raw];
  const kpis = report.kpis.map((k) => {
    // A per-entity KPI ("conversion:acme") takes its pattern's rule ("conversion:{entity}") unless it has its own.
    const t = policy.kpis[k.id] ?? Object.entries(policy.kpis).find(([id]) => matchesKpiId(id, k.id))?.[1];
    const state = t && thresholdState(k, t, policy.grace.default, earlier);
    if (!state) return k;
    if (state.level !== "ok" && k.value !== null) {
      const f = thresholdFinding(k as Kpi & { value: number }, state, aggregateEntity(report.scope.key));
      if (state.periodsInBreach >= state.grace) candidates.push(f);
      else
        watching.push({ id: f.id, kind: "kpi", title: f.title, entity: f.entity, periodsSeen: state.periodsInBreach, grace: state.grace });
    }
    return { ...k, threshold: state };
  });

  const findings: Finding[] = [];
  for (const f of candidates) {
    const before = prevFinding.get(f.id);
    if (f.check !== THRESHOLD_CHECK) {
      const grace = policy.grace.checks[f.check] ?? policy.grace.default;
      const w = prevWatching.get(f.id);
      const seen = before ? grace : w ? w.periodsSeen + step : 1;
      if (seen < grace) {
        watching.push({ id: f.id, kind: "finding", title: f.title, entity: f.entity, periodsSeen: seen, grace, finding: f });
        continue;
      }
    }
    const periodsOpen = before ? (before.memory?.periodsOpen ?? 1) + step : 1;
    const openSince = before ? (before.memory?.openSince ?? previous!.period.label) : report.period.label;
    const ack = acks.get(fingerprint(report.role, f.id));
    let severity = f.severity;
    let escalated: { from: Severity; periods: number } | undefined;
    if (!ack && severity !== "info") {
      // One step, once: an escalation says "this has waited too long"; repeating it would make everything critical.
      const after = policy.escalation.checks[f.check] ?? policy.escalation.afterPeriods;
      const raised = periodsOpen >= after ? raise(severity, 1) : severity;
      if (raised !== severity) {
        escalated = { from: severity, periods: periodsOpen };
        severity = raised;
      }
    }
    const memory = {
      openSince,
      periodsOpen: Math.max(1, periodsOpen),
      ...(escalated ? { escalated } : {}),
      ...(ack ? { acknowledged: { how: ack.how, by: ack.by, at: ack.at } } : {}),
    };
    findings.push({ ...f, severity, memory });
  }

  const sorted = sortFindings(findings);
  const periodEnd = report.period.endDate ?? report.period.end.slice(0, 10);
  const keep = new Map(report.actions.map((a) => [a.fingerprint, { cardUrl: a.cardUrl }]));
  const actions = actionsFor(report.role, sorted, periodEnd, scopeNames(report.scope.entities), keep);
  return { ...report, kpis, findings: sorted, actions, watching };
}

function stripMemory(f: Finding): Finding {
  if (!f.memory) return f;
  const { memory, ...rest } = f;
  return { ...rest, severity: memory.escalated?.from ?? f.severity };
}
