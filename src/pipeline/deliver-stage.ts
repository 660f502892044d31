/**
 * The delivery stages of a report job: track (cards), render and write in the audience's format, hold on degraded
 * data when the audience says so, then send and record. `sent` only when a real mailer accepted the message.
 */
import { holdReason } from "../analyse/degraded.js";
import type { CardAcknowledgement } from "../analyse/memory.js";
import type { Report, ReportFormat } from "../analyse/report.js";
import { reportPageUrl } from "../archive/paths.js";
import { archiveReport } from "../archive/writer.js";
import type { ClaimResult, KpiSnapshot } from "../audit/audit-log.js";
import type { Snapshot } from "../collect/snapshot.js";
import { reportCsv } from "../render/csv.js";
import { type Rendered, renderReport } from "../render/render.js";
import { type Settled, settle, unwrap } from "../shared/settle.js";
import type { KeepAlive } from "./claim.js";
import { digestOf, followStage } from "./follow.js";
import { type JobContext, wallNow } from "./job-context.js";
import { type AttemptInfo, auditEntry, recordOutcome } from "./record.js";
import { sendReport } from "./send.js";
import { managedKeys, track } from "./track.js";
import type { ReportResult } from "./types.js";
import { writeReportFiles } from "./write.js";

/** Gmail clips an email's HTML past about 102 KB; SES refuses a raw message over 10 MB. */
export const GMAIL_CLIP_BYTES = 102_000;
export const SES_MAX_BYTES = 10 * 1024 * 1024;
const CSV_MAX_BYTES = 2_000_000;

/** What the stages of one report share, so no stage takes a list of positional parameters. */
export interface JobState {
  claim: ClaimResult | undefined;
  scoped: Snapshot;
  attempt: AttemptInfo;
  result: ReportResult;
  c: JobContext;
  /** The heartbeat of a claim this run holds. */
  alive: KeepAlive | undefined;
  /** The audience's stored history (for a second memory pass with this sync's acknowledgements). */
  history: KpiSnapshot[];
}

/** Track, render and write, then hold, send (or not, for a dry run) and record. */
export async function deliverStage(initial: Report, s: JobState): Promise<void> {
  const { claim, attempt, result, c } = s;
  const { edges, opts, log } = c;
  let report = initial;
  let acks: CardAcknowledgement[] = [];
  if (!opts.dryRun) {
    const tracked = await track(report, {
      board: edges.board,
      manage: managedKeys(report, result.audience.id, c.owners),
      log,
      redact: c.redact,
    });
    report = tracked.report;
    if (tracked.board) result.board = tracked.board;
    acks = (tracked.board?.acknowledged ?? []).map((a) => ({
      fingerprint: a.fingerprint,
      how: a.how,
      by: a.by ?? "(not recorded)",
      at: a.at ?? "(not recorded)",
    }));
    // A card a person acknowledged since the last report: the report shows it accepted now, not next time.
    if (acks.length) report = refollow(report, acks, s);
  }
  result.report = report;
  result.counts = { ...result.counts, findings: report.findings.length, actions: report.actions.length };
  const renewal = confirmClaim(s, report.id);
  // Rendering is the CPU-heavy part of a report: the board's next sync (another report's cards) sends first.
  await new Promise<void>((r) => setImmediate(r));
  const rendered = renderForAudience(report, s);
  await writeReportFiles(report, rendered, { files: result.files, snapshot: s.scoped, redact: c.redact });
  attempt.templateVersion = rendered.templateVersion;
  if (!claim) {
    result.status = "dry-run";
    return;
  }
  if (!claim.claimed) return;
  if (!unwrap(await renewal!) || s.alive?.lost()) {
    result.status = "skipped";
    result.reason = "another run took over the claim while this one was working";
    await edges.audit.record(auditEntry(attempt, wallNow(c), "skipped", { reason: result.reason }));
    log.warn(`${report.id}: skipped: ${result.reason}`);
    return;
  }
  const held = (result.audience.degraded ?? c.policy.degraded.default) === "hold" ? holdReason(report) : null;
  if (held) {
    // No email: the job fails with the reason and the notifier says why.
    result.status = "held";
    result.reason = c.redact(held);
    await recordOutcome(edges.audit, auditEntry(attempt, wallNow(c), "held", { reason: result.reason }), report, attempt.started);
    log.error(result.reason);
    return;
  }
  await sendStage(report, rendered, { ...s, claim }, acks);
}

/**
 * The claim may have aged during a slow board: unless it was confirmed within half a lease, confirm and renew it (while
 * the report renders). undefined when this run holds no claim.
 */
function confirmClaim(s: JobState, reportId: string): Promise<Settled<boolean>> | undefined {
  if (!s.claim?.claimed) return undefined;
  return s.alive?.fresh() ? Promise.resolve({ ok: true, value: true }) : settle(s.c.edges.audit.renew(reportId));
}

function refollow(report: Report, acknowledgements: CardAcknowledgement[], s: JobState): Report {
  const def = s.c.roles.get(report.role);
  const again = followStage({
    report,
    def,
    history: s.history,
    scoped: s.scoped,
    policy: s.c.policy,
    timeZone: s.result.audience.timeZone,
    acknowledgements,
  });
  return s.c.redactor.redactDeep(again);
}

/** Where the report and the run can be found, for the footer and the link-only and summary emails. */
function linksFor(report: Report, c: JobContext) {
  const base = c.portfolio.delivery.archiveUrl;
  return {
    ...(c.opts.runUrl ? { run: c.opts.runUrl } : {}),
    ...(c.opts.links?.board ? { board: c.opts.links.board } : {}),
    ...(base ? { archive: base, report: reportPageUrl(base, report.period.label, report.audience?.id ?? report.role) } : {}),
  };
}

/**
 * The audience's format, degraded when the email would be clipped by Gmail (past about 102 KB of HTML) or
 * refused by SES (past 10 MB): the summary with a link to the full report, never a silent failure.
 */
function renderForAudience(report: Report, s: JobState): Rendered {
  const { c, result } = s;
  const links = linksFor(report, c);
  const subject = result.audience.subject;
  const render = (format: ReportFormat) => renderReport(report, { format, links, ...(subject ? { subject } : {}) });
  let r = render(result.audience.format);
  const size = (x: Rendered) => Buffer.byteLength(x.html) + Buffer.byteLength(x.text);
  if (r.format === "full" && Buffer.byteLength(r.html) > GMAIL_CLIP_BYTES) {
    const full = Math.round(Buffer.byteLength(r.html) / 1024);
    r = render("summary");
    r = {
      ...r,
      notes: [...r.notes, `${report.id}: the full email would be ${full} KB of HTML (Gmail clips past 102 KB): sent as the summary`],
    };
  }
  if (size(r) > SES_MAX_BYTES)
    r = { ...render("link-only"), notes: [`${report.id}: even the summary is over SES's 10 MB: sent as a link only`] };
  for (const n of r.notes) c.log.warn(n);
  return r;
}

/** Sends through the mailer and records the outcome. */
async function sendStage(
  report: Report,
  rendered: Rendered,
  s: JobState & { claim: ClaimResult & { claimed: true } },
  acks: CardAcknowledgement[],
): Promise<void> {
  const { claim, attempt, result, c } = s;
  const { edges, log } = c;
  // Kept before it goes out: the archive holds the full report as sent, and the audit points at it.
  const full = rendered.format === "full" ? rendered : renderReport(report, { format: "full", links: linksFor(report, c) });
  const archived = await archiveReport(
    { report, html: full.html, markdown: full.markdown, headline: report.headline },
    { outDir: c.opts.outDir, redact: c.redact },
  );
  const csv = result.audience.csv ? reportCsv(report, { maxBytes: CSV_MAX_BYTES, format: rendered.format }) : { files: [], omitted: [] };
  if (csv.omitted.length) log.warn(`${report.id}: CSV tables left out to stay within the size budget: ${csv.omitted.join(", ")}`);
  const prefix = c.portfolio.delivery.subjectPrefix;
  const sent = await sendReport(report, rendered, {
    mailer: edges.mailer,
    audit: edges.audit,
    log,
    envelope: attempt.envelope!,
    subject: c.redact(prefix ? `${prefix} ${rendered.subject}` : rendered.subject),
    attachments: csv.files.map((f) => ({ filename: f.filename, content: c.redact(f.content), contentType: "text/csv; charset=utf-8" })),
    ...(claim.delivered ? { prior: claim.delivered } : {}),
    date: attempt.started,
  });
  // `sent` only when a real mailer accepted it; the outbox renders a file and nobody receives anything.
  result.status = edges.mailer.delivers ? "sent" : "rendered";
  // Who has it, on the claim at once: a run killed before the record below resends to nobody.
  if (edges.mailer.delivers) await edges.audit.progress(report.id, sent.reached).catch(() => false);
  result.messageIds = sent.reached.messageIds;
  if (sent.location) result.location = sent.location;
  const deliveredTo = [...new Set(sent.reached.to.map((x) => x.toLowerCase()))];
  const entry = auditEntry(attempt, wallNow(c), result.status, {
    messageIds: sent.reached.messageIds,
    ...(edges.mailer.delivers ? { deliveredTo } : {}),
    archive: { path: archived.paths.json },
  });
  await recordOutcome(edges.audit, entry, report, attempt.started, digestOf(report, acks));
}
