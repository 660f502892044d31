/**
 * The report's tables as CSV attachments (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read it),
 * inside a size budget: KPIs, actions, findings, then each section, until the budget is spent; what did not fit
 * is named. Numbers stay raw (a spreadsheet formats them); text that a spreadsheet would run as a formula is
 * neutralised. A link-only audience gets none: no figures leave in the mailbox.
 */
import type { Report, ReportFormat } from "../analyse/report.js";
import { humaniser } from "./display.js";

export interface CsvFile {
  filename: string;
  content: string;
}

/** Default budget for all attachments of one message, before MIME encoding (base64 adds a third). */
export const CSV_BUDGET_BYTES = 1_000_000;

type Cell = string | number | null | undefined;

/** One CSV field: quoted when it must be, formula-looking text prefixed with an apostrophe. */
export function csvField(v: Cell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole CSV document: header row, then rows, CRLF line ends, BOM first. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "table"
  );
}

/** Pure: the report's tables as CSV files within `maxBytes`; `omitted` names the tables left out. */
export function reportCsv(
  report: Report,
  opts: { maxBytes?: number; format?: ReportFormat } = {},
): { files: CsvFile[]; omitted: string[] } {
  const human = humaniser(report.names);
  const prefix = slug(report.id);
  const tables: CsvFile[] = [
    {
      filename: `${prefix}.kpis.csv`,
      content: toCsv(
        ["id", "label", "unit", "value", "previous", "delta", "status", "target", "source", "as_of"],
        report.kpis.map((k) => [
          k.id,
          k.label,
          k.unit,
          k.value,
          k.previous,
          k.delta,
          k.status,
          k.target ? `${k.target.op} ${k.target.value}` : "",
          k.source ? human(k.source) : "",
          k.value === null ? "" : k.asOf,
        ]),
      ),
    },
    {
      filename: `${prefix}.actions.csv`,
      content: toCsv(
        ["rank", "priority", "title", "owner", "entity", "due", "impact_usd_per_month", "accepted_by", "card"],
        report.actions.map((a) => [
          a.rank,
          a.priority,
          human(a.title),
          a.ownerRole,
          a.entity,
          a.dueDate,
          a.impactUsdPerMonth,
          a.acknowledged?.by,
          a.cardUrl,
        ]),
      ),
    },
    {
      filename: `${prefix}.findings.csv`,
      content: toCsv(
        ["id", "severity", "entity", "title", "recommendation", "open_since", "periods_open", "sources"],
        report.findings.map((f) => [
          f.id,
          f.severity,
          f.entity,
          f.title,
          f.recommendation,
          f.memory?.openSince,
          f.memory?.periodsOpen,
          f.sources.map(human).join("; "),
        ]),
      ),
    },
    ...report.sections.map((s) => ({
      filename: `${prefix}.${slug(s.id)}.csv`,
      content: toCsv(
        s.columns.map((c) => c.label),
        s.rows.map((r) => s.columns.map((c) => (typeof r[c.key] === "string" ? human(r[c.key] as string) : r[c.key]))),
      ),
    })),
  ];
  if ((opts.format ?? report.audience?.format) === "link-only") return { files: [], omitted: tables.map((t) => t.filename) };
  const budget = opts.maxBytes ?? CSV_BUDGET_BYTES;
  const files: CsvFile[] = [];
  const omitted: string[] = [];
  let used = 0;
  for (const t of tables) {
    const size = Buffer.byteLength(t.content, "utf8");
    if (used + size > budget) omitted.push(t.filename);
    else {
      files.push(t);
      used += size;
    }
  }
  return { files, omitted };
}
