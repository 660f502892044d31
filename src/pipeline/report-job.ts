/**
 * One (audience, period) report through the stages: analyse → (skip if already sent) → track → render and
 * write → send → record → notify. A failure ends this report alone, recorded and reported.
 */
import type { Report } from "../analyse/report.js";
import type { RoleRegistry } from "../analyse/role.js";
import { archiveReport } from "../archive/writer.js";
import type { ClaimResult } from "../audit/audit-log.js";
import { scopeSnapshot } from "../collect/collect.js";
import type { Snapshot } from "../collect/snapshot.js";
import { snapshotHash } from "../collect/snapshot-hash.js";
import type { Portfolio } from "../config/schema.js";
import type { Rendered } from "../render/render.js";
import { formatDelta, formatValue, type Unit } from "../shared/format.js";
import type { Logger } from "../shared/logger.js";
import { settle, unwrap } from "../shared/settle.js";
import { buildReport, gapNote } from "./build.js";
import { type Begun, recordFailure } from "./claim.js";
import { envelopeFor, subjectLine } from "./envelope.js";
import { notify } from "./notify.js";
import { type AttemptInfo, auditEntry, recordOutcome } from "./record.js";
import { DeliveryFailed, sendReport } from "./send.js";
import { managedKeys, track } from "./track.js";
import type { Edges, ReportResult, RunOptions } from "./types.js";
import { renderAndWrite, reportFiles } from "./write.js";

export interface JobContext {
  opts: RunOptions;
  edges: Edges;
  log: Logger;
  roles: RoleRegistry;
  portfolio: Portfolio;
  redact: (s: string) => string;
  /** Which audience keeps each card current (see cardOwners). */
  owners: Map<string, string>;
}

/** Runs one report to its end; never throws (a failure is the result's status). */
export async function runReport(b: Begun, snapshot: Snapshot, c: JobContext): Promise<ReportResult> {
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
  const envelope = envelopeFor(a, c.portfolio, c.opts.env);
  const scoped = scopeSnapshot(snapshot, a.scope === "all" ? undefined : a.scope);
  const attempt: AttemptInfo = {
    reportId: result.reportId,
    role: a.role,
    audienceId: a.id,
    period: result.period,
    envelope,
    mailer: c.edges.mailer.name,
    snapshotSha256: snapshotHash(scoped),
    templateVersion: "unrendered",
    forced: c.opts.force,
    started: b.started,
  };
  let claim: ClaimResult | undefined;
  try {
    claim = unwrap(await b.claim);
    const report = analyseStage(b, scoped, c, unwrap(await b.last));
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
      await deliverStage(report, { claim, scoped, attempt, result, c });
    }
  } catch (e) {
    await failStage(e, { claim, scoped, attempt, result, c });
  }
  await notify(c.edges.notifiers, result, { ...(c.opts.runUrl ? { runUrl: c.opts.runUrl } : {}), log: c.log, redact: c.redact });
  return result;
}

function analyseStage(b: Begun, scoped: Snapshot, c: JobContext, last: Awaited<ReturnType<typeof c.edges.audit.lastKpis>>): Report {
  const entities = (c.portfolio.entities ?? [])
    .filter((e) => b.audience.scope === "all" || b.audience.scope.includes(e.id))
    .map((e) => ({ id: e.id, name: e.name }));
  const gap = gapNote(last, b.entry.period, b.audience);
  // The report says it too; the log is what a scheduled run's owner reads.
  if (gap) c.log.warn(`${b.entry.reportId}: ${gap}`);
  return buildReport({
    def: c.roles.get(b.audience.role),
    audience: b.audience,
    snapshot: scoped,
    entities,
    previous: last,
    // The reporting clock: a pinned sample reads the same in any year.
    generatedAt: c.opts.now().toISOString(),
  });
}

/** Track, render and write, then send (or not, for a dry run) and record. */
/** What the stages of one report share, so no stage takes a list of positional parameters. */
interface JobState {
  claim: ClaimResult | undefined;
  scoped: Snapshot;
  attempt: AttemptInfo;
  result: ReportResult;
  c: JobContext;
}

async function deliverStage(initial: Report, s: JobState): Promise<void> {
  const { claim, scoped, attempt, result, c } = s;
  const { edges, opts, log } = c;
  let report = initial;
  if (!opts.dryRun) {
    const tracked = await track(report, {
      board: edges.board,
      manage: managedKeys(report, result.audience.id, c.owners),
      log,
      redact: c.redact,
    });
    report = tracked.report;
    if (tracked.board) result.board = tracked.board;
  }
  result.report = report;
  // The claim may have aged during a slow board: confirm and renew it while rendering.
  const renewal = claim?.claimed ? settle(edges.audit.renew(report.id)) : undefined;
  const rendered = await renderAndWrite(report, { files: result.files, snapshot: scoped, redact: c.redact });
  attempt.templateVersion = rendered.templateVersion;
  if (!claim) {
    result.status = "dry-run";
    return;
  }
  if (!claim.claimed) return;
  if (!unwrap(await renewal!)) {
    result.status = "skipped";
    result.reason = "another run took over the claim while this one was working";
    await edges.audit.record(auditEntry(attempt, wallNow(c), "skipped", { reason: result.reason }));
    log.warn(`${report.id}: skipped: ${result.reason}`);
    return;
  }
  await sendStage(report, rendered, { ...s, claim });
}

/** Sends through the mailer and records the outcome: `sent` only when a real mailer accepted it. */
async function sendStage(report: Report, rendered: Rendered, s: JobState & { claim: ClaimResult & { claimed: true } }): Promise<void> {
  const { claim, attempt, result, c } = s;
  const { edges, log } = c;
  // Kept before it goes out: the archive holds exactly what is sent, and the audit points at it.
  const archived = await archiveReport(
    { report, html: rendered.html, markdown: rendered.markdown, headline: c.roles.get(report.role).headline },
    { outDir: c.opts.outDir, redact: c.redact },
  );
  const subject = c.redact(subjectLine(report, result.audience, c.portfolio.delivery.subjectPrefix, headlineFigure(report, c)));
  const sent = await sendReport(report, rendered, {
    mailer: edges.mailer,
    audit: edges.audit,
    log,
    envelope: attempt.envelope!,
    subject,
    ...(claim.delivered ? { prior: claim.delivered } : {}),
    date: attempt.started,
  });
  // `sent` only when a real mailer accepted it; the outbox renders a file and nobody receives anything.
  result.status = edges.mailer.delivers ? "sent" : "rendered";
  result.messageIds = sent.reached.messageIds;
  if (sent.location) result.location = sent.location;
  const deliveredTo = [...new Set(sent.reached.to.map((x) => x.toLowerCase()))];
  await recordOutcome(
    edges.audit,
    auditEntry(attempt, wallNow(c), result.status, {
      messageIds: sent.reached.messageIds,
      ...(edges.mailer.delivers ? { deliveredTo } : {}),
      archive: { path: archived.paths.json },
    }),
    report,
    attempt.started,
  );
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

/** Audit times follow the real clock. */
function wallNow(c: JobContext): Date {
  return (c.opts.wall ?? c.opts.now)();
}

function countsOf(r: Report): ReportResult["counts"] {
  return {
    kpis: r.kpis.length,
    missingKpis: r.kpis.filter((k) => k.status === "missing").length,
    findings: r.findings.length,
    actions: r.actions.length,
  };
}

/** The most important headline KPI with its change, for the subject: "Runway 9.1 mo (−0.4)". */
function headlineFigure(report: Report, c: JobContext): string {
  const ids = c.roles.get(report.role).headline;
  const k = ids.map((id) => report.kpis.find((x) => x.id === id)).find((x) => x && x.status !== "missing");
  if (!k || k.value === null) return "";
  const unit = k.unit as Unit;
  const delta = k.delta === null || k.delta === 0 ? "" : ` (${formatDelta(k.delta, unit)})`;
  return `${k.label} ${formatValue(k.value, unit)}${delta}`;
}
