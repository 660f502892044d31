/**
 * The report's memory, in one call the pipeline makes right after `analyse` and before the board and the render:
 * thresholds, grace, escalation and acknowledgements; sparklines; restatements; changes since the last report;
 * degraded-data banners; and the summary lines that depend on them.
 */
import type { ReportPolicy } from "../config/policy.js";
import { defaultPolicy } from "../config/policy.js";
import { computeChanges, restatements, withSeries } from "./changes.js";
import { degradedSources } from "./degraded.js";
import { applyMemory, type CardAcknowledgement, type KpiHistoryPoint } from "./memory.js";
import type { Escalation, Report } from "./report.js";
import { changesLine, countsLine, GENERATED_LINES } from "./summary.js";

export interface FollowUpInput {
  /** The last report sent to the same audience for an EARLIER period (a rerun of this period is not "previous"). */
  previous?: Report | null;
  /** Stored KPI values of the audience's earlier periods (12 are enough for the sparklines). */
  history?: KpiHistoryPoint[];
  /** The same earlier periods' KPIs recomputed from today's data (for restatements). */
  recomputed?: KpiHistoryPoint[];
  /** Cards a person accepted (label accepted-risk) or closed as not planned. */
  acknowledgements?: CardAcknowledgement[];
  policy?: ReportPolicy;
  /** For the role the policy names in escalation.notify: every other report's escalated findings. */
  escalations?: Escalation[];
}

/** Pure: `report` (fresh from analyse) with its memory, changes, trends and banners. */
export function followUp(report: Report, input: FollowUpInput = {}): Report {
  const policy = input.policy ?? defaultPolicy();
  const history = input.history ?? [];
  const previous = input.previous ?? null;
  let r = applyMemory(report, { previous, history, acknowledgements: input.acknowledgements ?? [], policy });
  r = withSeries(r, history, input.recomputed);
  const changes = computeChanges(r, previous, restatements(history, input.recomputed ?? [], r.kpis));
  const escalations = (input.escalations ?? []).filter((e) => e.reportId !== r.id);
  return {
    ...r,
    changes,
    degraded: degradedSources(r, policy, r.generatedAt),
    escalations,
    summary: [r.summary[0]!, changesLine(changes), countsLine(r.findings, r.actions, r.kpis), ...r.summary.slice(GENERATED_LINES)],
  };
}

/** A report's open escalated findings, as the notify role's report names them. */
export function escalationsOf(report: Report): Escalation[] {
  return report.findings.flatMap((f) =>
    f.memory?.escalated && !f.memory.acknowledged
      ? [
          {
            id: f.id,
            title: f.title,
            severity: f.severity,
            entity: f.entity,
            from: f.memory.escalated.from,
            periodsOpen: f.memory.periodsOpen,
            openSince: f.memory.openSince,
            role: report.role,
            reportId: report.id,
          },
        ]
      : [],
  );
}
