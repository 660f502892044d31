/** The job summary: per role the KPI table with deltas, findings by severity, cards opened/closed, delivery status and report id. */

import { type Kpi, SEVERITIES } from "../analyse/report.js";
import type { RoleResult, RunResult } from "../pipeline/run.js";
import { escapeMarkdown } from "../render/escape.js";
import { formatDelta, formatValue, type Unit } from "../shared/format.js";

/** GitHub rejects a step summary over 1 MiB; stay well under it so the closing note always fits. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 16 * 1024;
const STATUS_ICON = {
  sent: "✅ sent",
  skipped: "⏭️ skipped (already sent)",
  failed: "❌ failed",
  "dry-run": "🧪 dry run (nothing sent)",
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

function cardsSection(r: RoleResult): string[] {
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

/** Markdown for one role's run. */
export function roleSummary(r: RoleResult, opts: { listFindings?: boolean } = {}): string {
  const out: string[] = [`## ${r.report?.roleLabel ?? r.role.toUpperCase()} · ${STATUS_ICON[r.status]}`, ""];
  const delivery =
    r.status === "sent" ? `${r.messageIds.length} message${r.messageIds.length === 1 ? "" : "s"} accepted` : STATUS_ICON[r.status];
  out.push(`Report id \`${r.reportId}\` · delivery: ${delivery}`, "");
  if (r.error) out.push(`> [!CAUTION]`, `> ${md(r.error)}`, "");
  const rep = r.report;
  if (rep) {
    if (rep.kpis.length) {
      out.push("| KPI | Value | Δ vs previous | Target | Status |", "| --- | ---: | --- | --- | --- |", ...rep.kpis.map(kpiRow), "");
    }
    const counts = SEVERITIES.map((s) => `${s} ${rep.findings.filter((f) => f.severity === s).length}`).join(" · ");
    out.push(`**Findings by severity:** ${counts} · **actions:** ${rep.actions.length}`, "");
    if (opts.listFindings !== false && rep.findings.length) {
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
    `# exec-reports · ${result.period}`,
    "",
    "| Role | Status | Report id | KPIs | Findings | Actions |",
    "| --- | --- | --- | ---: | ---: | ---: |",
    ...result.roles.map(
      (r) =>
        `| ${r.report?.roleLabel ?? r.role.toUpperCase()} | ${STATUS_ICON[r.status]} | \`${r.reportId}\` | ${r.counts.kpis - r.counts.missingKpis}/${r.counts.kpis} | ${r.counts.findings} | ${r.counts.actions} |`,
    ),
    "",
    ...(runUrl ? [`[Workflow run](${runUrl}) · rendered reports are in the run's artifacts.`, ""] : []),
  ].join("\n");
  const bytes = (s: string) => Buffer.byteLength(s, "utf8");
  let body = result.roles.map((r) => roleSummary(r)).join("\n");
  if (bytes(head) + bytes(body) <= SUMMARY_LIMIT_BYTES) return `${head}\n${body}`;
  body = result.roles.map((r) => roleSummary(r, { listFindings: false })).join("\n");
  const note = "\n> [!NOTE]\n> The summary was shortened to stay under GitHub's 1 MiB limit; the full reports are in the artifact.\n";
  if (bytes(head) + bytes(body) + bytes(note) <= SUMMARY_LIMIT_BYTES) return `${head}\n${body}${note}`;
  let kept = "";
  for (const r of result.roles) {
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
