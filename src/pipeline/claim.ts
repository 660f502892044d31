/** The claim stage: a report id is claimed (and its trend baseline read) as soon as the run knows it, while sources are read. */
import type { AuditEntry, AuditLog, ClaimResult, KpiSnapshot } from "../audit/audit-log.js";
import type { Audience } from "../config/audiences.js";
import { errorText } from "../shared/errors.js";
import type { Logger } from "../shared/logger.js";
import { type Settled, settle } from "../shared/settle.js";
import type { PlanEntry } from "./plan.js";

/** A report's start: its clock, and its audit reads and claim already under way (settled, so nothing is left unhandled). */
export interface Begun {
  entry: PlanEntry;
  audience: Audience;
  started: Date;
  last: Promise<Settled<KpiSnapshot | null>>;
  /** undefined for a dry run, which claims nothing. */
  claim: Promise<Settled<ClaimResult | undefined>>;
}

export interface BeginOptions {
  audit: AuditLog;
  now: () => Date;
  force: boolean;
  dryRun: boolean;
  /** Start of the report's period: the trend baseline is the latest report of this audience not after it. */
  periodStart: string;
}

/** Claims the report id (unless a dry run) and reads the audience's last KPIs, both in the background. */
export function begin(entry: PlanEntry, audience: Audience, o: BeginOptions): Begun {
  const started = o.now();
  const claim = o.dryRun
    ? Promise.resolve(undefined)
    : o.audit.claim({
        reportId: entry.reportId,
        role: audience.role,
        period: entry.period,
        scope: audience.id,
        startedAt: started.toISOString(),
        force: o.force,
      });
  return { entry, audience, started, last: settle(o.audit.lastKpis(audience.id, "report", o.periodStart)), claim: settle(claim) };
}

/** Records a failed attempt, which releases its claim; when even that write fails, the claim lapses on its own. */
export async function recordFailure(audit: AuditLog, log: Logger, entry: AuditEntry): Promise<void> {
  try {
    await audit.record(entry);
  } catch (r) {
    log.warn(`${entry.reportId}: the failure could not be recorded (${errorText(r)}); its claim lapses on its own`);
  }
}

/** Releases a claim this run took when the run stops before the report's own stages could (e.g. OUT not writable). */
export async function release(
  b: Begun,
  o: { audit: AuditLog; log: Logger; now: () => Date; force: boolean; mailer: string; error: unknown },
): Promise<void> {
  const claim = await b.claim;
  if (!claim.ok || !claim.value?.claimed) return;
  // Who earlier attempts reached stays on the record, so the next attempt still skips them.
  const got = claim.value.delivered;
  const end = o.now();
  await recordFailure(o.audit, o.log, {
    reportId: b.entry.reportId,
    role: b.audience.role,
    period: b.entry.period,
    scope: b.audience.id,
    status: "failed",
    recipients: { to: [], bcc: [] },
    mailer: o.mailer,
    messageIds: got?.messageIds ?? [],
    ...(got?.to.length ? { deliveredTo: got.to } : {}),
    snapshotSha256: "",
    templateVersion: "unrendered",
    forced: o.force,
    startedAt: b.started.toISOString(),
    finishedAt: end.toISOString(),
    durationMs: end.getTime() - b.started.getTime(),
    error: errorText(o.error),
  });
}
