/** The pipeline: config → collect → analyse → track → render → deliver → audit, one role at a time or all in parallel. */
import { createHash } from "node:crypto";
import path from "node:path";
import { analyse, type KpiHistory, reportId } from "../analyse/analyse.js";
import { type Report, reportSchema } from "../analyse/report.js";
import { builtinRoles } from "../analyse/roles/index.js";
import { type AuditEntry, type AuditLog, CLAIM_TIMEOUT_MS, type ClaimResult, type Delivered } from "../audit/audit-log.js";
import { FileAuditLog } from "../audit/file.js";
import type { Board, BoardSyncResult } from "../board/board.js";
import { cardLabels } from "../board/board.js";
import { FileBoard } from "../board/file-board.js";
import { collect, scopeSnapshot } from "../collect/collect.js";
import type { Snapshot } from "../collect/snapshot.js";
import { LocalGitSource } from "../collect/sources/git-local.js";
import { FileMetricsSource } from "../collect/sources/metrics-file.js";
import type { DatasetSource, GitSource, MetricsSource } from "../collect/sources/source.js";
import type { Env } from "../config/env.js";
import { loadDataDir } from "../config/load.js";
import type { Inventory, Role } from "../config/schema.js";
import { type Mailer, PartialDeliveryError, type SendOptions } from "../delivery/mailer.js";
import type { Notifier, RoleOutcome } from "../delivery/notifier.js";
import { OutboxMailer } from "../delivery/outbox.js";
import { renderCardBody, renderReport, subjectFor } from "../render/render.js";
import { UserError } from "../shared/errors.js";
import { writeFileAtomic } from "../shared/fs-atomic.js";
import type { Logger } from "../shared/logger.js";
import { isWeekLabel, parsePeriod, weeksBetween } from "../shared/period.js";
import { type Settled, settle, unwrap } from "../shared/settle.js";
import { recipientsFor } from "./recipients.js";

export interface RunOptions {
  dataDir: string;
  outDir: string;
  roles: Role[];
  period: string;
  entities?: string[];
  force: boolean;
  dryRun: boolean;
  env: Env;
  now: () => Date;
  runUrl?: string;
}

export interface Edges {
  git: GitSource;
  metrics: MetricsSource;
  business?: DatasetSource;
  mailer: Mailer;
  audit: AuditLog;
  board: Board;
  notifiers: Notifier[];
}

export interface RoleResult {
  role: Role;
  reportId: string;
  status: "sent" | "skipped" | "failed" | "dry-run";
  error?: string;
  messageIds: string[];
  counts: { kpis: number; missingKpis: number; findings: number; actions: number };
  board?: BoardSyncResult;
  files: { json: string; html: string; text: string; markdown: string };
  location?: string;
  report?: Report;
}

export interface RunResult {
  period: string;
  roles: RoleResult[];
  snapshotPath: string;
  ok: boolean;
}

/** The offline edges: every network client replaced by files under OUT. */
export function offlineEdges(outDir: string, now: () => Date): Edges {
  return {
    git: new LocalGitSource(),
    metrics: new FileMetricsSource(),
    mailer: new OutboxMailer(path.join(outDir, "outbox")),
    audit: new FileAuditLog(outDir, now),
    board: new FileBoard(path.join(outDir, "board.json"), now),
    notifiers: [],
  };
}

/** Hash of the facts alone (no collection times), so the same data always gives the same hash. */
export function snapshotHash(s: Snapshot): string {
  const strip = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(strip)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k]) => !["asOf", "collectedAt", "durationMs"].includes(k))
              .map(([k, x]) => [k, strip(x)]),
          )
        : v;
  return createHash("sha256")
    .update(JSON.stringify(strip({ period: s.period, datasets: s.datasets, repos: s.repos, metrics: s.metrics })))
    .digest("hex");
}

/** Validates everything a run needs before anything is written; throws a UserError naming what to fix. */
export async function prepare(opts: RunOptions): Promise<{ inventory: Inventory; period: ReturnType<typeof parsePeriod> }> {
  const period = parsePeriod(opts.period);
  const inventory = await loadDataDir(opts.dataDir, { roles: builtinRoles.ids });
  const known = new Set(inventory.portfolio.entities.map((e) => e.id));
  const unknown = (opts.entities ?? []).filter((e) => !known.has(e));
  if (unknown.length)
    throw new UserError(
      `--entities: ${unknown.map((u) => `"${u}"`).join(", ")} not in ${path.join(opts.dataDir, "portfolio.yaml")} — expected one of ${[...known].join(", ")}`,
    );
  return { inventory, period };
}

/** Runs the whole pipeline. Never throws for one role's failure; throws UserError for bad configuration before writing anything. */
export async function run(opts: RunOptions, log: Logger, edgesOverride?: Partial<Edges>): Promise<RunResult> {
  const { inventory, period } = await prepare(opts);
  const edges: Edges = { ...offlineEdges(opts.outDir, opts.now), ...edgesOverride };
  log.info(
    `exec-reports ${period.label}: roles ${opts.roles.join(", ")}; mailer ${edges.mailer.name}, audit ${edges.audit.name}, board ${edges.board.name}, git ${edges.git.name}${opts.dryRun ? " (dry run)" : ""}`,
  );

  // Each role's audit round trips (last KPIs, claim) need only the role, scope and period: they run while
  // the sources are read instead of after them.
  const scopeKey = opts.entities ? [...new Set(opts.entities)].sort().join("-") : "all";
  const begun = new Map(
    opts.roles.map((role) => [role, beginRole(role, scopeKey, period.label, period.start, opts, edges.audit)] as const),
  );
  // Likewise the board's listings.
  if (!opts.dryRun) edges.board.prefetch?.();

  try {
    return await collectAndReport(opts, log, edges, inventory, period, scopeKey, begun);
  } catch (e) {
    // Only an unexpected failure (e.g. OUT not writable) gets here: release every claim this run took.
    await Promise.all([...begun].map(([role, b]) => releaseClaim(role, b, scopeKey, period.label, opts, edges, e, log)));
    throw e;
  }
}

async function releaseClaim(
  role: Role,
  b: Begun,
  scopeKey: string,
  periodLabel: string,
  opts: RunOptions,
  edges: Edges,
  error: unknown,
  log: Logger,
): Promise<void> {
  const claim = await b.claim;
  if (!claim.ok || !claim.value?.claimed) return;
  // Who earlier attempts reached stays on the record, so the next attempt still skips them.
  const got = claim.value.delivered;
  const end = opts.now();
  await recordFailure(edges.audit, log, role, {
    reportId: reportId(role, scopeKey, periodLabel),
    role,
    period: periodLabel,
    scope: scopeKey,
    status: "failed",
    recipients: { to: [], bcc: [] },
    mailer: edges.mailer.name,
    messageIds: got?.messageIds ?? [],
    ...(got?.to.length ? { deliveredTo: got.to } : {}),
    snapshotSha256: "",
    templateVersion: "unrendered",
    forced: opts.force,
    startedAt: b.started.toISOString(),
    finishedAt: end.toISOString(),
    durationMs: end.getTime() - b.started.getTime(),
    error: error instanceof Error ? error.message : String(error),
  });
}

/** Records a failed attempt, which releases its claim; when even that write fails, the claim expires on its own. */
async function recordFailure(audit: AuditLog, log: Logger, role: Role, entry: AuditEntry): Promise<void> {
  try {
    await audit.record(entry);
  } catch (r) {
    log.warn(
      `${role}: the failure could not be recorded (${r instanceof Error ? r.message : String(r)}); the claim is released after ${CLAIM_TIMEOUT_MS / 60_000} minutes`,
    );
  }
}

async function collectAndReport(
  opts: RunOptions,
  log: Logger,
  edges: Edges,
  inventory: Inventory,
  period: ReturnType<typeof parsePeriod>,
  scopeKey: string,
  begun: Map<Role, Begun>,
): Promise<RunResult> {
  const ctx = { period, inventory, dataDir: opts.dataDir, log, now: opts.now };
  const snapshot = await collect(ctx, { git: edges.git, metrics: edges.metrics, business: edges.business, entities: opts.entities });
  for (const s of snapshot.sources.filter((x) => !x.ok)) log.warn(`source ${s.name}: ${s.detail}`);
  const snapshotPath = path.join(opts.outDir, "snapshot.json");
  await writeFileAtomic(snapshotPath, `${JSON.stringify(snapshot, null, 2)}\n`);

  const scoped = scopeSnapshot(snapshot, opts.entities);
  const scopeEntities = inventory.portfolio.entities
    .filter((e) => !opts.entities || opts.entities.includes(e.id))
    .map((e) => ({ id: e.id, name: e.name }));
  // Needed only for the audit records at the end of each role; computed then, once, off the path to the first card.
  let hashed: string | undefined;
  const hash = () => (hashed ??= snapshotHash(scoped));

  const results = await Promise.all(
    opts.roles.map((role) =>
      runRole(role, begun.get(role)!, { opts, edges, log, inventory, scoped, scopeKey, scopeEntities, hash }).catch(async (e: unknown) => {
        // runRole handles its own failures; this is the net for a bug outside its try: fail this role alone.
        await releaseClaim(role, begun.get(role)!, scopeKey, period.label, opts, edges, e, log);
        const error = e instanceof Error ? e.message : String(e);
        log.error(`${role}: ${error}`);
        return {
          role,
          reportId: reportId(role, scopeKey, period.label),
          status: "failed",
          error,
          messageIds: [],
          counts: { kpis: 0, missingKpis: 0, findings: 0, actions: 0 },
          files: reportFiles(opts.outDir, role),
        } satisfies RoleResult;
      }),
    ),
  );
  return { period: period.label, roles: results, snapshotPath, ok: results.every((r) => r.status !== "failed") };
}

interface RoleContext {
  opts: RunOptions;
  edges: Edges;
  log: Logger;
  inventory: Inventory;
  scoped: Snapshot;
  scopeKey: string;
  scopeEntities: { id: string; name: string }[];
  hash: () => string;
}

/** Where a role's report files go under OUT. */
function reportFiles(outDir: string, role: Role): RoleResult["files"] {
  const dir = path.join(outDir, "reports");
  return {
    json: path.join(dir, `${role}.json`),
    html: path.join(dir, `${role}.html`),
    text: path.join(dir, `${role}.txt`),
    markdown: path.join(dir, `${role}.md`),
  };
}

/** A role's start: its clock, and its audit reads and claim already under way (settled, so nothing is left unhandled). */
interface Begun {
  started: Date;
  last: Promise<Settled<Awaited<ReturnType<AuditLog["lastKpis"]>>>>;
  /** undefined for a dry run, which claims nothing. */
  claim: Promise<Settled<ClaimResult | undefined>>;
}

function beginRole(role: Role, scopeKey: string, periodLabel: string, periodStart: string, opts: RunOptions, audit: AuditLog): Begun {
  const started = opts.now();
  // Claimed before the board too: its serial writes can take minutes, and the claim keeps a parallel run from sending meanwhile.
  const claim = opts.dryRun
    ? Promise.resolve(undefined)
    : audit.claim({
        reportId: reportId(role, scopeKey, periodLabel),
        role,
        period: periodLabel,
        scope: scopeKey,
        startedAt: started.toISOString(),
        force: opts.force,
      });
  return { started, last: settle(audit.lastKpis(role, scopeKey, periodStart)), claim: settle(claim) };
}

async function runRole(role: Role, begun: Begun, c: RoleContext): Promise<RoleResult> {
  const { opts, edges, log } = c;
  const files = reportFiles(opts.outDir, role);
  const result: RoleResult = {
    role,
    reportId: `${role}.${c.scopeKey}.${c.scoped.period.label}`,
    status: "failed",
    messageIds: [],
    counts: { kpis: 0, missingKpis: 0, findings: 0, actions: 0 },
    files,
  };
  const { started } = begun;
  const recipients = recipientsFor(role, c.inventory.portfolio, opts.env);
  let report: Report | undefined;
  let claim: ClaimResult | undefined;
  /** Who a failed send reached, counting earlier attempts: kept in the failure record so the retry skips them. */
  let partial: (e: unknown) => Delivered | undefined = () => undefined;
  let reachedAll: Delivered | undefined;
  let templateVersion = "unrendered";
  const base = () => ({
    reportId: result.reportId,
    role,
    period: c.scoped.period.label,
    scope: c.scopeKey,
    recipients: { to: recipients.to, bcc: recipients.bcc, ...(recipients.replyTo ? { replyTo: recipients.replyTo } : {}) },
    mailer: edges.mailer.name,
    snapshotSha256: c.hash(),
    templateVersion,
    forced: opts.force,
    startedAt: started.toISOString(),
  });
  const finish = () => {
    const end = opts.now();
    return { finishedAt: end.toISOString(), durationMs: end.getTime() - started.getTime() };
  };
  try {
    claim = unwrap(await begun.claim);
    const held = claim;
    partial = () => (held?.claimed ? held.delivered : undefined);
    const last = unwrap(await begun.last);
    const previous: KpiHistory = last?.values ?? {};
    report = analyse(builtinRoles.get(role), c.scoped, { key: c.scopeKey, entities: c.scopeEntities }, previous, started.toISOString());
    const gap =
      last && isWeekLabel(last.period) && isWeekLabel(report.period.label) && last.period < report.period.label
        ? weeksBetween(last.period, report.period.label)
        : [];
    if (gap.length > 0) {
      // Schedules get delayed or disabled; say so rather than let a week pass silently.
      const note = `No ${role} report was made for ${gap.join(", ")} (last: ${last!.period}); run with --period ${gap[0]} to fill the gap.`;
      log.warn(note);
      report = { ...report, summary: [report.summary[0]!, note, ...report.summary.slice(1)] };
    }
    report = reportSchema.parse(report);
    result.report = report;
    result.counts = {
      kpis: report.kpis.length,
      missingKpis: report.kpis.filter((k) => k.status === "missing").length,
      findings: report.findings.length,
      actions: report.actions.length,
    };

    const kpiSnapshot = () => ({
      reportId: report!.id,
      period: report!.period.label,
      periodStart: report!.period.start,
      at: started.toISOString(),
      values: Object.fromEntries(report!.kpis.filter((k) => k.value !== null).map((k) => [k.id, k.value as number])),
    });

    if (!opts.dryRun) {
      const specs = report.actions.map((a) => ({
        fingerprint: a.fingerprint,
        title: a.title,
        body: renderCardBody(report!, a),
        labels: cardLabels(role, a.entity, a.priority),
        role,
        scope: c.scopeKey,
        entity: a.entity,
        priority: a.priority,
      }));
      try {
        result.board = await edges.board.sync(role, c.scopeKey, specs, `Resolved: the finding no longer appears in ${report.id}.`);
        for (const w of result.board.warnings) log.warn(w);
        const urls = new Map(result.board.cards.map((x) => [x.fingerprint, x.url]));
        report = { ...report, actions: report.actions.map((a) => ({ ...a, cardUrl: urls.get(a.fingerprint) })) };
      } catch (e) {
        // The report matters more than its cards: deliver it and say the board is behind.
        const note = `The ${edges.board.name} board was not updated: ${e instanceof Error ? e.message : String(e)}. The next run will catch up.`;
        log.warn(`${role}: ${note}`);
        report = { ...report, summary: [...report.summary, note] };
      }
      result.report = report;
    }

    // The claim may have aged (a long collection, a slow board): confirm and renew it while rendering.
    const renewal = claim?.claimed ? settle(edges.audit.renew(report.id)) : undefined;
    const rendered = renderReport(report);
    templateVersion = rendered.templateVersion;
    await Promise.all([
      writeFileAtomic(files.json, `${JSON.stringify(report, null, 2)}\n`),
      writeFileAtomic(files.html, rendered.html),
      writeFileAtomic(files.text, rendered.text),
      writeFileAtomic(files.markdown, rendered.markdown),
    ]);

    if (!claim) {
      result.status = "dry-run";
    } else if (!claim.claimed) {
      result.status = "skipped";
      result.messageIds = claim.messageIds;
      await Promise.all([
        edges.audit.record({ ...base(), ...finish(), status: "skipped", messageIds: claim.messageIds, reason: claim.reason }),
        edges.audit.saveKpis(role, c.scopeKey, kpiSnapshot()),
      ]);
      log.info(`${role}: skipped (${claim.reason}); use --force to send again`);
    } else if (!unwrap(await renewal!)) {
      // Our claim looked abandoned and another run took it over: that run sends; this one must not.
      result.status = "skipped";
      const reason = `another run took over the claim while this one was working (it was older than ${CLAIM_TIMEOUT_MS / 60_000} minutes)`;
      claim = { claimed: false, reason, messageIds: [] };
      await Promise.all([
        edges.audit.record({ ...base(), ...finish(), status: "skipped", messageIds: [], reason }),
        edges.audit.saveKpis(role, c.scopeKey, kpiSnapshot()),
      ]);
      log.warn(`${role}: skipped: ${reason}`);
    } else {
      // Recipients an earlier, failed attempt already reached are not sent the report again.
      const prior = claim.delivered;
      if (prior) log.info(`${role}: resuming: ${prior.to.length} recipient(s) already have it (${prior.messageIds.join(", ")})`);
      const reached = (more: { to: string[]; messageIds: string[] }) => ({
        to: [...(prior?.to ?? []), ...more.to],
        messageIds: [...(prior?.messageIds ?? []), ...more.messageIds],
      });
      const sendOpts: SendOptions = { skip: prior?.to, onProgress: (sent) => edges.audit.progress(report!.id, reached(sent)) };
      partial = (e) => (e instanceof PartialDeliveryError ? reached({ to: e.deliveredTo, messageIds: e.sentMessageIds }) : prior);
      const sent = await edges.mailer.send(
        {
          reportId: report.id,
          from: recipients.from,
          to: recipients.to,
          bcc: recipients.bcc,
          replyTo: recipients.replyTo,
          subject: subjectFor(report, c.inventory.portfolio.delivery.subjectPrefix),
          text: rendered.text,
          html: rendered.html,
          date: started,
        },
        sendOpts,
      );
      const all = reached({ to: [...recipients.to, ...recipients.bcc], messageIds: sent.messageIds });
      reachedAll = all;
      result.status = "sent";
      result.messageIds = all.messageIds;
      result.location = sent.location;
      await Promise.all([
        edges.audit.record({
          ...base(),
          ...finish(),
          status: "sent",
          messageIds: all.messageIds,
          deliveredTo: [...new Set(all.to.map((a) => a.toLowerCase()))],
        }),
        edges.audit.saveKpis(role, c.scopeKey, kpiSnapshot()),
      ]);
    }
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
    // A claimed report that did not go out is recorded as failed, which releases it for the next run.
    if (claim?.claimed && result.status !== "sent") {
      const got = partial(e);
      await recordFailure(edges.audit, log, role, {
        ...base(),
        ...finish(),
        status: "failed",
        messageIds: got?.messageIds ?? [],
        ...(got?.to.length ? { deliveredTo: got.to } : {}),
        error: result.error,
      });
    }
    if (result.status === "sent") {
      result.error = `sent (${result.messageIds.join(", ")}), but the audit write failed: ${result.error}`;
      // Best effort: the claim then lists every recipient, so a run that takes it over later sends nothing again.
      if (reachedAll) await edges.audit.progress(result.reportId, reachedAll).catch(() => undefined);
    }
    result.status = "failed";
    log.error(`${role}: ${result.error}`);
  }
  await notify(edges.notifiers, result, opts, log);
  return result;
}

async function notify(notifiers: Notifier[], r: RoleResult, opts: RunOptions, log: Logger): Promise<void> {
  if (!r.report || notifiers.length === 0) return;
  const outcome: RoleOutcome = {
    report: r.report,
    status: r.status,
    messageIds: r.messageIds,
    cards: {
      created: r.board?.created.length ?? 0,
      updated: r.board?.updated.length ?? 0,
      closed: r.board?.closed.length ?? 0,
      reopened: r.board?.reopened.length ?? 0,
      urls: r.board?.cards.map((x) => x.url) ?? [],
    },
    ...(opts.runUrl ? { runUrl: opts.runUrl } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
  for (const n of notifiers) {
    try {
      await n.notify(outcome);
    } catch (e) {
      log.warn(`${n.name} notification for ${r.role} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
