/** The claim stage: a report id is claimed (and its trend baseline read) as soon as the run knows it, while sources are read. */
import {
  type AuditEntry,
  type AuditLog,
  AuditWriteError,
  type ClaimResult,
  HEARTBEAT_MS,
  type KpiSnapshot,
  LEASE_MS,
} from "../audit/audit-log.js";
import { claimWithWait, startHeartbeat } from "../audit/lease.js";
import type { Audience } from "../config/audiences.js";
import { errorText } from "../shared/errors.js";
import type { Logger } from "../shared/logger.js";
import { type Settled, settle } from "../shared/settle.js";
import { HISTORY_PERIODS } from "./follow.js";
import type { PlanEntry } from "./plan.js";

/** A report's start: its clock, and its audit reads and claim already under way (settled, so nothing is left unhandled). */
export interface Begun {
  entry: PlanEntry;
  audience: Audience;
  started: Date;
  /** The audience's KPI history (with the last reports' digests), newest period first. */
  history: Promise<Settled<KpiSnapshot[]>>;
  /** undefined for a dry run, which claims nothing. */
  claim: Promise<Settled<ClaimResult | undefined>>;
}

export interface BeginOptions {
  audit: AuditLog;
  log: Logger;
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
    : // A live lease left by a run that just died lapses within a minute: wait it out rather than skip.
      claimWithWait(
        o.audit,
        {
          reportId: entry.reportId,
          role: audience.role,
          period: entry.period,
          scope: audience.id,
          startedAt: started.toISOString(),
          force: o.force,
        },
        { log: o.log },
      );
  return {
    entry,
    audience,
    started,
    history: settle(o.audit.kpiHistory(audience.id, "report", o.periodStart, HISTORY_PERIODS + 1)),
    claim: settle(claim),
  };
}

/** Records a failed attempt, which releases its claim; when even that write fails, the claim lapses on its own. */
export async function recordFailure(audit: AuditLog, log: Logger, entry: AuditEntry): Promise<void> {
  try {
    await audit.record(entry);
  } catch (r) {
    const settled = r instanceof AuditWriteError && r.claimSettled;
    const claim = settled ? "its claim was released all the same" : "its claim lapses on its own within a minute";
    log.warn(`${entry.reportId}: the failure could not be recorded (${errorText(r)}); ${claim}`);
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

/** A claim kept alive while a report works: renewed every third of the lease; `lost` once another run took it over. */
export interface KeepAlive {
  lost(): boolean;
  /**
   * Whether the claim was confirmed (taken, or renewed by the heartbeat) within half a lease on the audit's clock:
   * then it is still this run's for at least that long, and a send need not renew it first.
   */
  fresh(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts renewing a claim this run holds (the audit's own heartbeat when it has one). `claimedAt` is when the claim
 * was asked for and `now` the audit's clock (wall time: it runs on through a suspended machine, unlike a monotonic one).
 */
export function keepAlive(audit: AuditLog, reportId: string, log: Logger, o: { claimedAt: Date; now: () => Date }): KeepAlive {
  let lost = false;
  let confirmed = o.claimedAt.getTime();
  const onLost = () => {
    lost = true;
    log.warn(`${reportId}: another run took over the claim; this run will not send`);
  };
  // The answer's time: the store extended the lease before it answered, so this errs early by at most a round trip.
  const onRenewed = () => {
    confirmed = o.now().getTime();
  };
  const stop = audit.heartbeat
    ? audit.heartbeat(reportId, HEARTBEAT_MS, onLost, onRenewed)
    : startHeartbeat(audit, reportId, {
        onLost,
        onRenewed,
        onError: (e) => log.warn(`${reportId}: claim renewal failed (${errorText(e)}); retrying`),
      });
  return { lost: () => lost, fresh: () => !lost && o.now().getTime() - confirmed < LEASE_MS / 2, stop };
}
