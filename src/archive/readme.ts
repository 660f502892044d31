/**
 * The archive branch's README: an audiences × periods table linking every archived file, and Mermaid
 * `xychart-beta` charts of each audience's headline KPIs, which GitHub renders without Pages.
 * Regenerated from the archived JSON on every archive commit.
 */
import { formatValue } from "../shared/format.js";
import type { ArchiveEntry } from "./read.js";
import { type AudienceTrend, audienceTrends, type KpiSeries } from "./trends.js";

export interface ReadmeOptions {
  /** Most recent points per chart (weekly: half a year). */
  maxPoints?: number;
  /** The static site's address, when Pages publish it. */
  siteUrl?: string;
}

export const README_MARKER =
  "<!-- exec-reports archive index: generated from archive/**/*.json on every archive commit; edits are overwritten -->";

const ZWJ = "\u200d";
/** Markdown-safe text for table cells and headings: no syntax, no @mention, no #reference. */
function md(s: string): string {
  return s
    .replace(/[\\`*_{}[\]<>()|~!#$]/g, (c) => `\\${c}`)
    .replace(/@(?=\w)/g, `@${ZWJ}`)
    .replace(/\r?\n/g, " ");
}
/** Text inside a Mermaid quoted string: no quote, no line break. */
const mermaidText = (s: string) => s.replace(/["\r\n`]/g, "'").replace(/[#;]/g, " ");

/** A value the chart can place: finite and not the "not burning" ∞ sentinel. */
export function chartable(v: number | null): v is number {
  return v !== null && Number.isFinite(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER;
}

const round = (v: number) => Math.round(v * 100) / 100;

/** The README of the archive branch for these entries. */
export function archiveReadme(entries: ArchiveEntry[], opts: ReadmeOptions = {}): string {
  const maxPoints = opts.maxPoints ?? 26;
  const trends = audienceTrends(entries);
  const periods = [...new Map(entries.map((e) => [e.period, e.report.period.start])).entries()].sort((a, b) => b[1].localeCompare(a[1]));
  const out: string[] = [README_MARKER, "", "# Executive reports archive", ""];
  out.push(
    "Every report as it was sent, one folder per period: `archive/<period>/<audience>.json` (the report's data), `.md` and `.html` (the email).",
    "The archive holds no recipient address and no secret.",
  );
  if (opts.siteUrl) out.push("", `Browsable site with a trend page per audience: ${opts.siteUrl}`);
  out.push("");
  if (!entries.length) return [...out, "_Nothing archived yet._", ""].join("\n");
  out.push(
    `${entries.length} report${entries.length === 1 ? "" : "s"}, ${trends.length} audience${trends.length === 1 ? "" : "s"}, ${periods.length} period${periods.length === 1 ? "" : "s"} (latest ${periods[0]![0]}).`,
    "",
    "## Reports",
    "",
  );
  const index = new Map(entries.map((e) => [`${e.period}/${e.audience.id}`, e]));
  out.push(`| Period | ${trends.map((t) => md(t.audience.label)).join(" | ")} |`, `| --- |${trends.map(() => " --- |").join("")}`);
  for (const [period] of periods) {
    const cells = trends.map((t) => {
      const e = index.get(`${period}/${t.audience.id}`);
      if (!e) return "";
      return (["md", "html", "json"] as const)
        .filter((f) => e.files[f])
        .map((f) => `[${f}](archive/${e.files[f]})`)
        .join(" · ");
    });
    out.push(`| ${period} | ${cells.join(" | ")} |`);
  }
  out.push("", "## Trends of the headline KPIs", "");
  for (const t of trends) out.push(...audienceSection(t, maxPoints));
  return `${out.join("\n").trimEnd()}\n`;
}

function audienceSection(t: AudienceTrend, maxPoints: number): string[] {
  const out = [`### ${md(t.audience.label)}`, ""];
  const headline = t.headline.map((id) => t.series.find((s) => s.id === id)).filter((s): s is KpiSeries => !!s);
  if (!headline.length) return [...out, "_No KPI archived yet._", ""];
  for (const s of headline) out.push(...kpiChart(s, maxPoints));
  return out;
}

function kpiChart(s: KpiSeries, maxPoints: number): string[] {
  const points = s.points.filter((p) => chartable(p.value)).slice(-maxPoints) as { period: string; value: number }[];
  const first = points[0];
  const last = points[points.length - 1];
  const target = s.target ? ` Target ${s.target.op === ">=" ? "≥" : "≤"} ${formatValue(s.target.value, s.unit)}.` : "";
  if (!first || !last) return [`**${md(s.label)}**: not measured in any archived period.${md(target)}`, ""];
  const span =
    first === last
      ? `${formatValue(last.value, s.unit)} in ${last.period}`
      : `${formatValue(first.value, s.unit)} in ${first.period} → ${formatValue(last.value, s.unit)} in ${last.period}`;
  const lines = [`**${md(s.label)}**: ${md(span)}.${md(target)}`, ""];
  if (points.length < 2) return lines;
  const values = points.map((p) => round(p.value));
  const all = s.target ? [...values, s.target.value] : values;
  const lo = Math.min(0, ...all);
  const hi = Math.max(...all);
  const top = hi === lo ? lo + 1 : hi + (hi - lo) * 0.1;
  const title = s.target ? `${s.label} (flat line: target)` : s.label;
  lines.push(
    "```mermaid",
    "xychart-beta",
    `    title "${mermaidText(title)}"`,
    `    x-axis [${points.map((p) => `"${p.period}"`).join(", ")}]`,
    `    y-axis "${mermaidText(unitName(s.unit))}" ${round(lo)} --> ${round(top)}`,
    `    line [${values.join(", ")}]`,
  );
  if (s.target) lines.push(`    line [${points.map(() => round(s.target!.value)).join(", ")}]`);
  lines.push("```", "");
  return lines;
}

function unitName(unit: KpiSeries["unit"]): string {
  return { usd: "USD", count: "count", pct: "%", months: "months", days: "days", ratio: "ratio" }[unit];
}
