/** The record stage: one audit entry per attempt, and the KPI values the next report compares against. */
import type { Report } from "../analyse/report.js";
import type { AuditEntry, AuditLog, AuditStatus, KpiSnapshot } from "../audit/audit-log.js";
import type { Envelope } from "./envelope.js";
import type { ReportDigest } from "./follow.js";

export interface AttemptInfo {
  reportId: string;
  role: string;
  audienceId: string;
  period: string;
  envelope?: Envelope;
  mailer: string;
  snapshotSha256: string;
  templateVersion: string;
  forced: boolean;
  started: Date;
}

/** The audit entry for an attempt that ended now with `status`. */
export function auditEntry(a: AttemptInfo, now: Date, status: AuditStatus, more: Partial<AuditEntry> = {}): AuditEntry {
  const env = a.envelope;
  return {
    reportId: a.reportId,
    role: a.role,
    period: a.period,
    scope: a.audienceId,
    status,
    recipients: { to: env?.to ?? [], bcc: [...(env?.cc ?? []), ...(env?.bcc ?? [])], ...(env?.replyTo ? { replyTo: env.replyTo } : {}) },
    mailer: a.mailer,
    messageIds: [],
    snapshotSha256: a.snapshotSha256,
    templateVersion: a.templateVersion,
    forced: a.forced,
    startedAt: a.started.toISOString(),
    finishedAt: now.toISOString(),
    durationMs: now.getTime() - a.started.getTime(),
    ...more,
  };
}

/** What the next report of this audience compares against: KPI values of this one, and its digest (memory). */
export function kpiSnapshot(report: Report, at: Date, digest?: ReportDigest): KpiSnapshot {
  return {
    ...(digest ? { digest: JSON.stringify(digest) } : {}),
    reportId: report.id,
    period: report.period.label,
    periodStart: report.period.start,
    at: at.toISOString(),
    values: Object.fromEntries(report.kpis.filter((k) => k.value !== null).map((k) => [k.id, k.value as number])),
  };
}

/** Records the outcome and stores the KPI history together (two independent writes). */
export async function recordOutcome(audit: AuditLog, entry: AuditEntry, report: Report, at: Date, digest?: ReportDigest): Promise<void> {
  await Promise.all([audit.record(entry), audit.saveKpis(entry.scope, "report", kpiSnapshot(report, at, digest))]);
}
