/** The run command's report lines: what each report became, and an honest last line about email. */
import path from "node:path";
import type { RunResult } from "../pipeline/types.js";
import type { Logger } from "../shared/logger.js";

const STATUS = {
  sent: "sent",
  rendered: "rendered",
  skipped: "skipped",
  failed: "FAILED",
  "dry-run": "dry-run",
  held: "HELD",
} as const;

/** One line per report, then where the files are and whether any email left. */
export function printResult(r: RunResult, ctx: { outDir: string; cwd: string; mailer: string }, log: Logger): void {
  const rel = (p: string) => path.relative(ctx.cwd, p) || ".";
  for (const x of r.reports) {
    const c = x.counts;
    const b = x.board;
    const board = b ? `; cards +${b.created.length} ~${b.updated.length} closed ${b.closed.length} reopened ${b.reopened.length}` : "";
    const where = x.location ? ` → ${rel(x.location)}` : "";
    const why = x.error ? ` — ${x.error}` : x.reason ? ` (${x.reason})` : "";
    log.info(
      `${x.reportId.padEnd(30)} ${STATUS[x.status].padEnd(8)} ${c.kpis - c.missingKpis}/${c.kpis} KPIs, ${c.findings} findings, ${c.actions} actions${board}${where}${why}`,
    );
  }
  if (r.reports.length === 0) return;
  log.info(`reports in ${rel(path.join(ctx.outDir, "reports"))}/, audit in ${rel(path.join(ctx.outDir, "audit.jsonl"))}`);
  const rendered = r.reports.filter((x) => x.status === "rendered").length;
  const sent = r.reports.filter((x) => x.status === "sent").length;
  if (rendered > 0 && sent === 0)
    log.info(`no email was sent: ${rendered} report(s) rendered to ${rel(path.join(ctx.outDir, "outbox"))}/ (mailer ${ctx.mailer})`);
  else if (sent > 0) log.info(`${sent} report(s) accepted by ${ctx.mailer}${rendered ? `; ${rendered} rendered only` : ""}`);
}
