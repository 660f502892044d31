/**
 * The job summary: per report its delivery status, then as much as the audience may see — a full audience's KPI
 * table and findings, a summary audience's headline figures, a link-only audience's report id alone. Anyone who
 * can read the repository can read the summary.
 */

import { type Kpi, SEVERITIES } from "../analyse/report.js";
import { builtinRoles } from "../analyse/roles/index.js";
import type { PlanEntry } from "../pipeline/plan.js";
import type { ReportResult, RunResult } from "../pipeline/types.js";
import { escapeMarkdown } from "../render/escape.js";
import { formatDelta, formatValue, type Unit } from "../shared/format.js";

/** GitHub rejects a step summary over 1 MiB; stay well under it so the closing note always fits. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 16 * 1024;
const STATUS_ICON = {
  sent: "✅ sent",
  rendered: "📝 rendered — no email was sent (outbox only)",
  skipped: "⏭️ skipped (already sent)",
  failed: "❌ failed",
  "dry-run": "🧪 dry run (nothing sent)",
  held: "✋ held — no email was sent (degraded data)",
} as const;
const MAX_FINDINGS_LISTED = 50;

const md = escapeMarkdown;
const cell = (s: string) => md(s).replace(/\|/g, "\\|");

function kpiRow(k: Kpi): string {
  const unit = k.unit as Unit;
  const target = k.target ? `${k.target.op === ">=" ? "≥" : "≤"} ${formatValue(k.target.value, unit)}` : "";
  if (k.status === "missing") return `| ${cell(k.label)} | missing | — | ${cell(target)} | ⚪ missing: ${cell(k.missing)} |`;
  const delta = k.delta === null ? "first run" : `${formatDelta(k.delta, unit)} (was ${formatValue(k.previous, unit)})`;
  const status = k.status === "ok" ? "🟢 on target" : k.status === "off-target" ? "🔴 off target" : "";
  return `| ${cell(k.label)} | ${cell(formatValue(k.value, unit))} | ${cell(delta)} | ${cell(target)} | ${status} |`;
}

/** `text` is ours (an issue number or a hex fingerprint), so it needs no escaping. */
function link(url: string, text: string): string {
  return /^https?:\/\//.test(url) ? `[${text}](${url})` : `\`${text}\``;
}

function cardsSection(r: ReportResult): string[] {
  const b = r.board;
  if (!b) return [r.status === "dry-run" ? "_Board not touched (dry run)._" : "_Board not synced._"];
  const url = new Map(b.cards.map((c) => [c.fingerprint, c]));
  const show = (fps: string[]) =>
    fps
      .map((fp) => {
        const c = url.get(fp);
        return c ? link(c.url, c.number ? `#${c.number}` : fp) : `\`${fp}\``;
      })
      .join(", ");
  const lines = [
    `**Cards:** ${b.created.length} opened, ${b.updated.length} updated, ${b.reopened.length} reopened, ${b.closed.length} closed, ${b.unchanged.length} unchanged`,
  ];
  for (const [label, fps] of [
    ["Opened", b.created],
    ["Reopened", b.reopened],
    ["Updated", b.updated],
    ["Closed", b.closed],
  ] as const) {
    if (fps.length) lines.push(`- ${label}: ${show(fps)}`);
  }
  return lines;
}

/** Markdown for one report, showing no more than its audience's format allows. */
export function roleSummary(r: ReportResult, opts: { listFindings?: boolean } = {}): string {
  const out: string[] = [`## ${md(r.audience.label)} · ${STATUS_ICON[r.status]}`, ""];
  const delivery =
    r.status === "sent"
      ? `${r.messageIds.length} message${r.messageIds.length === 1 ? "" : "s"} accepted by the mailer`
      : STATUS_ICON[r.status];
  out.push(`Report id \`${r.reportId}\` · delivery: ${delivery}`, "");
  if (r.error) out.push("> [!CAUTION]", `> ${md(r.error)}`, "");
  else if (r.reason) out.push(`> ${md(r.reason)}`, "");
  const rep = r.report;
  const format = r.audience.format;
  if (rep && format === "link-only") {
    out.push("_This audience receives a link only: its figures are not shown here._", "");
  } else if (rep) {
    const headline = new Set(builtinRoles.has(rep.role) ? builtinRoles.get(rep.role).headline : []);
    const kpis = format === "summary" ? rep.kpis.filter((k) => headline.has(k.id)) : rep.kpis;
    if (kpis.length) {
      out.push("| KPI | Value | Δ vs previous | Target | Status |", "| --- | ---: | --- | --- | --- |", ...kpis.map(kpiRow), "");
    }
    const counts = SEVERITIES.map((s) => `${s} ${rep.findings.filter((f) => f.severity === s).length}`).join(" · ");
    out.push(`**Findings by severity:** ${counts} · **actions:** ${rep.actions.length}`, "");
    if (format === "full" && opts.listFindings !== false && rep.findings.length) {
      const listed = rep.findings.slice(0, MAX_FINDINGS_LISTED);
      out.push(`<details><summary>${rep.findings.length} finding${rep.findings.length === 1 ? "" : "s"}</summary>`, "");
      for (const f of listed) out.push(`- **${f.severity}** ${md(f.entity)}: ${md(f.title)}`);
      if (rep.findings.length > listed.length) out.push(`- …and ${rep.findings.length - listed.length} more in the report`);
      out.push("", "</details>", "");
    }
  }
  out.push(...cardsSection(r), "");
  return out.join("\n");
}

/** The whole job summary, kept under GitHub's 1 MiB cap by dropping finding lists, then whole roles, with a note. */
export function buildSummary(result: RunResult, runUrl?: string): string {
  const head = [
    `# exec-reports · ${[...new Set(result.reports.map((r) => r.period))].join(", ") || "nothing due"}`,
    "",
    "| Audience | Status | Report id | Period |",
    "| --- | --- | --- | --- |",
    ...result.reports.map((r) => `| ${cell(r.audience.label)} | ${STATUS_ICON[r.status]} | \`${r.reportId}\` | ${r.period} |`),
    "",
    ...(result.reports.some((r) => r.status === "rendered")
      ? ["> [!WARNING]", "> No email was sent: the mailer is the outbox. The .eml files are in the run's artifact.", ""]
      : []),
    "",
    ...(runUrl ? [`[Workflow run](${runUrl}) · rendered reports are in the run's artifacts.`, ""] : []),
  ].join("\n");
  const bytes = (s: string) => Buffer.byteLength(s, "utf8");
  let body = result.reports.map((r) => roleSummary(r)).join("\n");
  if (bytes(head) + bytes(body) <= SUMMARY_LIMIT_BYTES) return `${head}\n${body}`;
  body = result.reports.map((r) => roleSummary(r, { listFindings: false })).join("\n");
  const note = "\n> [!NOTE]\n> The summary was shortened to stay under GitHub's 1 MiB limit; the full reports are in the artifact.\n";
  if (bytes(head) + bytes(body) + bytes(note) <= SUMMARY_LIMIT_BYTES) return `${head}\n${body}${note}`;
  let kept = "";
  for (const r of result.reports) {
    const part = `${roleSummary(r, { listFindings: false })}\n`;
    if (bytes(head) + bytes(kept) + bytes(part) + bytes(note) > SUMMARY_LIMIT_BYTES) break;
    kept += part;
  }
  // A pathological single role can still be too big (thousands of KPIs): cut at a byte budget.
  const text = `${head}\n${kept}`;
  return (
    (bytes(text) > SUMMARY_LIMIT_BYTES
      ? Buffer.from(text, "utf8")
          .subarray(0, SUMMARY_LIMIT_BYTES)
          .toString("utf8")
          .replace(/\uFFFD$/, "")
      : text) + note
  );
}

/** The plan job's summary: what is due at the run's clock. */
export function planSummary(entries: PlanEntry[], now: Date): string {
  const rows = entries.map((e) => `| \`${e.reportId}\` | ${e.dueAt} | ${e.catchUp ? "catch-up" : ""} |`);
  return [
    `# exec-reports plan · ${now.toISOString()}`,
    "",
    `${entries.length} report(s) due.`,
    "",
    ...(rows.length ? ["| Report | Due | |", "| --- | --- | --- |", ...rows] : []),
  ].join("\n");
}
