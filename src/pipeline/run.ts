/**
 * The pipeline: prepare (validate data and audiences) → choose the reports (plan or named) → claim them →
 * collect once per period → one report job per (audience, period), in parallel.
 */
import { builtinRoles } from "../analyse/roles/index.js";
import { reportPageUrl } from "../archive/paths.js";
import { labelVocabulary } from "../board/board.js";
import { collect } from "../collect/collect.js";
import type { Snapshot } from "../collect/snapshot.js";
import type { Audience } from "../config/audiences.js";
import type { Inventory } from "../config/schema.js";
import { errorText } from "../shared/errors.js";
import type { Logger } from "../shared/logger.js";
import { parsePeriod } from "../shared/period.js";
import { globalRedactor } from "../shared/redact.js";
import { type Built, buildStage } from "./build-stage.js";
import { type Begun, begin, release } from "./claim.js";
import { escalationsFor } from "./follow.js";
import { entriesFor, prepare, selectAudiences } from "./prepare.js";
import { type JobContext, runReport } from "./report-job.js";
import { audienceDomain, cardOwners } from "./track.js";
import type { Edges, ReportResult, RunOptions, RunResult } from "./types.js";

export type { Edges, ReportResult, RunOptions, RunResult } from "./types.js";

/** Runs the pipeline. Never throws for one report's failure; throws a UserError for bad configuration before writing anything. */
export async function run(opts: RunOptions, log: Logger, edges: Edges): Promise<RunResult> {
  const roles = opts.roles ?? builtinRoles;
  const wall = opts.wall ?? opts.now;
  const { inventory, audiences: all } = await prepare(opts.dataDir, roles);
  const audiences = selectAudiences(all, opts.select, opts.dataDir);
  const now = opts.now();
  const entries = await entriesFor(audiences, opts.select, now, edges.audit, !edges.mailer.delivers);
  if (entries.length === 0) {
    log.info(
      `nothing due at ${now.toISOString()}: every selected audience's latest due period is done (${edges.mailer.delivers ? "sent" : "rendered to the outbox"}); name one with --audience or --period`,
    );
    return { entries, reports: [], ok: true, now: now.toISOString() };
  }
  const byId = new Map(audiences.map((a) => [a.id, a]));
  log.info(`reports: ${entries.map((e) => `${e.reportId}${e.catchUp ? " (catch-up)" : ""}`).join(", ")}${opts.dryRun ? " (dry run)" : ""}`);

  // Claims and history reads start now, while the sources are read; so do the board's listings.
  const begun = entries.map((e) => {
    const a = byId.get(e.audience)!;
    return begin(e, a, {
      audit: edges.audit,
      log,
      now: wall,
      force: opts.force,
      dryRun: opts.dryRun,
      periodStart: parsePeriod(e.period, a.timeZone).start,
    });
  });
  if (!opts.dryRun) prefetchBoard(begun, inventory, edges);
  const redactor = opts.redactor ?? globalRedactor;
  const ctx: JobContext = {
    opts,
    edges,
    log,
    roles,
    portfolio: inventory.portfolio,
    policy: inventory.policy,
    audiences: all,
    redactor,
    redact: (s) => redactor.redact(s),
    owners: cardOwners(all),
  };
  try {
    const snapshots = await collectPeriods(begun, opts, log, edges, inventory);
    const jobs = await startReports(begun, snapshots, ctx);
    // The project's status update goes as soon as its report is out, while other reports' cards are still being filed.
    const [reports] = await Promise.all([Promise.all(jobs), postProjectStatus(begun, jobs, ctx)]);
    // Project Status changes batched across reports go out now.
    for (const w of (await edges.board.flush?.().catch((e: unknown) => [`board: ${redactor.redact(errorText(e))}`])) ?? []) log.warn(w);
    return { entries, reports, ok: reports.every((r) => r.status !== "failed" && r.status !== "held"), now: now.toISOString() };
  } catch (e) {
    // Only an unexpected failure gets here (e.g. OUT not writable): release every claim this run took.
    await Promise.all(
      begun.map((b) => release(b, { audit: edges.audit, log, now: wall, force: opts.force, mailer: edges.mailer.name, error: e })),
    );
    throw e;
  }
}

/**
 * Analyses the reports one by one and starts each one's job as soon as it is analysed, so the board files the first
 * report's cards while the next is analysed. The role that names escalations goes last: its report lists every other
 * report's escalated findings.
 */
async function startReports(begun: Begun[], snapshots: Map<string, Snapshot>, c: JobContext): Promise<Promise<ReportResult>[]> {
  const notify = c.policy.escalation.notify;
  const last = (b: Begun) => b.audience.role === notify;
  const order = [...begun.keys()].sort((i, j) => Number(last(begun[i]!)) - Number(last(begun[j]!)));
  const built: Built[] = [];
  const jobs: Promise<ReportResult>[] = [];
  for (const i of order) {
    built[i] = await buildStage(begun[i]!, snapshots.get(windowKey(begun[i]!))!, c);
    if (!last(begun[i]!)) jobs[i] = runReport(begun[i]!, built[i]!, c);
    // The job's first requests (its first card among them) go out before the next analysis takes the thread.
    await new Promise<void>((r) => setImmediate(r));
  }
  const named = await withEscalations(built, begun, c);
  for (const i of order) jobs[i] ??= runReport(begun[i]!, named[i]!, c);
  return jobs;
}

/** The board's listings, and the labels this run's cards are likely to carry, while the sources are read. */
function prefetchBoard(begun: Begun[], inventory: Inventory, edges: Edges): void {
  const ids = inventory.portfolio.entities.map((e) => e.id);
  const picked = begun.map((b) => b.audience);
  const roles = [...new Set(picked.map((a) => a.role))];
  edges.board.prefetch?.(labelVocabulary(roles, [...new Set(picked.flatMap((a) => audienceDomain(a, ids)))]));
}

/** Reports share a collection when they cover the same window (period label and time zone). */
function windowKey(b: Begun): string {
  return `${b.entry.period}@${b.audience.timeZone}`;
}

/** One Snapshot per distinct window, reading only the entities some report in that window can see. */
async function collectPeriods(
  begun: Begun[],
  opts: RunOptions,
  log: Logger,
  edges: Edges,
  inventory: Inventory,
): Promise<Map<string, Snapshot>> {
  const groups = new Map<string, Audience[]>();
  for (const b of begun) groups.set(windowKey(b), [...(groups.get(windowKey(b)) ?? []), b.audience]);
  const out = new Map<string, Snapshot>();
  await Promise.all(
    [...groups].map(async ([key, auds]) => {
      const [label, timeZone] = key.split("@") as [string, string];
      const entities = auds.some((a) => a.scope === "all") ? undefined : [...new Set(auds.flatMap((a) => a.scope as string[]))];
      const snapshot = await collect(
        { period: parsePeriod(label, timeZone), inventory, dataDir: opts.dataDir, log, now: opts.now, ...(entities ? { entities } : {}) },
        edges.sources,
      );
      for (const s of snapshot.sources.filter((x) => !x.ok)) log.warn(`source ${s.name}: ${s.detail}`);
      out.set(key, snapshot);
    }),
  );
  return out;
}

/**
 * The report of the role the policy names (escalation.notify, the CEO's) lists every escalated finding: those of
 * this run's other reports, and the latest stored ones of audiences this run does not make.
 */
async function withEscalations(built: Built[], begun: Begun[], c: JobContext): Promise<Built[]> {
  const notify = c.policy.escalation.notify;
  if (!notify || !built.some((b) => b.ok && b.report.role === notify)) return built;
  const reports = built.flatMap((b) => (b.ok ? [b.report] : []));
  const inRun = new Set(begun.map((b) => b.audience.id));
  const others = c.audiences.filter((a) => !inRun.has(a.id) && a.role !== notify);
  const stored = (await Promise.all(others.map((a) => c.edges.audit.kpiHistory(a.id, "report", undefined, 1).catch(() => [])))).flat();
  return built.map((b) =>
    b.ok && b.report.role === notify ? { ...b, report: { ...b.report, escalations: escalationsFor(b.report, reports, stored) } } : b,
  );
}

/**
 * Where the board has a Projects v2 project, the all-entity report of the role that names escalations (the CEO's,
 * else the first role) posts its executive summary as the project's status update: the first such report of the run
 * that went out, as soon as it has. Never fails the run.
 */
async function postProjectStatus(begun: Begun[], jobs: Promise<ReportResult>[], c: JobContext): Promise<void> {
  if (!c.edges.board.postStatus || c.opts.dryRun) return;
  const role = c.policy.escalation.notify ?? c.roles.ids[0];
  for (const [i, b] of begun.entries()) {
    if (b.audience.role !== role || b.audience.scope !== "all") continue;
    const r = await jobs[i]!;
    if (!r.report || (r.status !== "sent" && r.status !== "rendered")) continue;
    const base = c.portfolio.delivery.archiveUrl;
    const link = base ? reportPageUrl(base, r.period, r.audience.id) : c.opts.runUrl;
    const warning = await c.edges.board.postStatus(r.report, { headline: r.report.headline, ...(link ? { link } : {}) });
    if (warning) c.log.warn(warning);
    return;
  }
}
