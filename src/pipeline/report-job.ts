/**
 * One (audience, period) report through the stages, once it is analysed (build-stage.ts): skip if already sent,
 * else track → render and write → hold or send → record → notify. A failure ends this report alone, recorded.
 */
import type { ClaimResult, KpiSnapshot } from "../audit/audit-log.js";
import { snapshotHash } from "../collect/snapshot-hash.js";
import { unwrap } from "../shared/settle.js";
import type { Built } from "./build-stage.js";
import { type Begun, type KeepAlive, keepAlive, recordFailure } from "./claim.js";
import { deliverStage, type JobState } from "./deliver-stage.js";
import { envelopeFor } from "./envelope.js";
import { countsOf, type JobContext, wallNow } from "./job-context.js";
import { notify } from "./notify.js";
import { type AttemptInfo, auditEntry } from "./record.js";
import { DeliveryFailed } from "./send.js";
import type { ReportResult } from "./types.js";
import { reportFiles } from "./write.js";

export type { JobContext } from "./job-context.js";

/** Runs one analysed report to its end; never throws (a failure is the result's status). */
export async function runReport(b: Begun, built: Built, c: JobContext): Promise<ReportResult> {
  const a = b.audience;
  const result: ReportResult = {
    reportId: b.entry.reportId,
    audience: a,
    role: a.role,
    period: b.entry.period,
    status: "failed",
    messageIds: [],
    counts: { kpis: 0, missingKpis: 0, findings: 0, actions: 0 },
    files: reportFiles(c.opts.outDir, a.id),
  };
  const attempt: AttemptInfo = {
    reportId: result.reportId,
    role: a.role,
    audienceId: a.id,
    period: result.period,
    envelope: envelopeFor(a, c.portfolio, c.opts.env),
    mailer: c.edges.mailer.name,
    // Read when the outcome is recorded: hashing a large snapshot is not held up front of the board's writes.
    get snapshotSha256() {
      return snapshotHash(built.scoped);
    },
    templateVersion: "unrendered",
    forced: c.opts.force,
    started: b.started,
  };
  let claim: ClaimResult | undefined;
  let alive: KeepAlive | undefined;
  let history: KpiSnapshot[] = [];
  try {
    claim = unwrap(await b.claim);
    if (claim?.claimed) alive = keepAlive(c.edges.audit, result.reportId, c.log, { claimedAt: b.started, now: () => wallNow(c) });
    if (!built.ok) throw built.error;
    history = unwrap(await b.history);
    const report = built.report;
    result.report = report;
    result.counts = countsOf(report);
    if (claim && !claim.claimed) {
      // What was sent stays what was sent: its files are not rewritten.
      result.status = "skipped";
      result.reason = claim.reason;
      result.messageIds = claim.messageIds;
      await c.edges.audit.record(auditEntry(attempt, wallNow(c), "skipped", { messageIds: claim.messageIds, reason: claim.reason }));
      c.log.info(`${result.reportId}: skipped (${claim.reason}); use --force to send again`);
    } else {
      await deliverStage(report, { claim, scoped: built.scoped, attempt, result, c, alive, history });
    }
  } catch (e) {
    await failStage(e, { claim, scoped: built.scoped, attempt, result, c, alive, history });
  } finally {
    await alive?.stop();
  }
  await notify(c.edges.notifiers, result, { ...(c.opts.runUrl ? { runUrl: c.opts.runUrl } : {}), log: c.log, redact: c.redact });
  return result;
}

async function failStage(e: unknown, s: JobState): Promise<void> {
  const { claim, attempt, result, c } = s;
  result.error = c.redact(e instanceof Error ? e.message : String(e));
  const reached = e instanceof DeliveryFailed ? e.reached : claim?.claimed ? claim.delivered : undefined;
  if (claim?.claimed && result.status !== "sent") {
    // A claimed report that did not go out is recorded as failed, which releases it for the next run.
    await recordFailure(
      c.edges.audit,
      c.log,
      auditEntry(attempt, wallNow(c), "failed", {
        messageIds: reached?.messageIds ?? [],
        ...(reached?.to.length ? { deliveredTo: reached.to } : {}),
        error: result.error,
      }),
    );
  } else if (result.status === "sent") {
    result.error = `sent (${result.messageIds.join(", ")}), but the audit write failed: ${result.error}`;
    // Best effort: the claim then lists every recipient, so a run that takes it over later sends nothing again.
    const all = attempt.envelope ? [...attempt.envelope.to, ...attempt.envelope.cc, ...attempt.envelope.bcc] : [];
    await c.edges.audit.progress(result.reportId, { to: all, messageIds: result.messageIds }).catch(() => undefined);
  }
  result.status = "failed";
  c.log.error(`${result.reportId}: ${result.error}`);
}
