/** The email subject: the audience's template filled with the role, period, scope, headline figure and critical count. */
import type { Report, ReportFormat } from "../analyse/report.js";
import { change, figure } from "../analyse/summary.js";
import type { Unit } from "../shared/format.js";

/** Used when the audience has no subject template of its own. */
export const DEFAULT_SUBJECT = "{role} · {period} · {scope} · {headline} · {critical}";
const MAX_SUBJECT = 200;

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** The most important measured headline KPI with its change: "runway 9.1 mo (−0.4)". */
export function headlineFigure(report: Report): string {
  for (const id of report.headline) {
    const k = report.kpis.find((x) => x.id === id);
    if (!k || k.value === null) continue;
    const unit = k.unit as Unit;
    // The change without its unit keeps the subject short: "(−0.4)", "(+$310)".
    const d = k.delta !== null && k.delta !== 0 ? ` (${change(k.delta, unit).replace(/\s(mo|d)$/, "")})` : "";
    // A label's parenthesis ("(avg of recent months)") explains the KPI in the report; the subject has no room.
    return `${lowerFirst(k.label.replace(/\s*\([^)]*\)/g, ""))} ${figure(k.value, unit)}${d}`;
  }
  return "";
}

/**
 * Fills a subject template; placeholders: {role} {title} {audience} (or {label}) {period} {scope} {headline} {critical}.
 * Empty placeholders drop with their separator. A template with no placeholder is a prefix to the default one
 * (the older `delivery.subjectPrefix`). A link-only report carries no figure and no count in its subject.
 */
export function subjectFor(report: Report, template?: string, format: ReportFormat = report.audience?.format ?? "full"): string {
  const tpl = template === undefined ? DEFAULT_SUBJECT : template.includes("{") ? template : `${template} ${DEFAULT_SUBJECT}`;
  const crit = report.findings.filter((f) => f.severity === "critical").length;
  const noFigures = format === "link-only";
  const values: Record<string, string> = {
    role: report.roleLabel,
    title: report.title,
    audience: report.audience?.label ?? report.roleLabel,
    label: report.audience?.label ?? report.roleLabel,
    period: report.period.label,
    scope: report.scope.key === "all" ? "" : report.scope.entities.map((e) => e.name).join(", "),
    headline: noFigures ? "report ready" : headlineFigure(report),
    critical: noFigures || crit === 0 ? "" : `${crit} critical`,
  };
  const filled = tpl.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
  // One line: a newline in data would otherwise forge a header.
  const line = filled
    .replace(/[\r\n\t\u0000-\u001f\u007f]+/g, " ")
    .split(" · ")
    .map((p) => p.trim())
    .filter(Boolean)
    .join(" · ")
    .replace(/\s{2,}/g, " ")
    .trim();
  return line.length > MAX_SUBJECT ? `${line.slice(0, MAX_SUBJECT - 1)}…` : line;
}
