/** The view model: a Report laid out for templates. Only formatting and grouping happen here; no figures are computed. */
import type { Kpi, Report, Section, Severity } from "../report.js";
import { formatDelta, formatValue, type Unit } from "./format.js";

const SEVERITY_LABEL: Record<Severity, string> = { critical: "Critical", high: "High", medium: "Medium", low: "Low", info: "Info" };
const ROLE_LABEL = { ceo: "CEO", cto: "CTO", cfo: "CFO", cmo: "CMO", accounting: "Accounting" } as const;

export interface CardLink {
  fingerprint: string;
  url: string;
}

function kpiView(k: Kpi) {
  const unit = k.unit as Unit;
  const target = k.target ? `target ${k.target.op === ">=" ? "≥" : "≤"} ${formatValue(k.target.value, unit)}` : "";
  if (k.status === "missing") {
    return { label: k.label, value: "missing", missing: true, reason: k.missing, target, statusClass: "st-missing", statusText: "missing", hasDelta: false };
  }
  let arrow = "";
  let deltaClass = "d-flat";
  let deltaText = "first run";
  if (k.delta !== null) {
    arrow = k.delta > 0 ? "▲" : k.delta < 0 ? "▼" : "▬";
    deltaText = `${formatDelta(k.delta, unit)} vs ${formatValue(k.previous, unit)}`;
    const better = k.target ? (k.target.op === ">=" ? k.delta > 0 : k.delta < 0) : null;
    deltaClass = k.delta === 0 || better === null ? "d-flat" : better ? "d-good" : "d-bad";
  }
  return {
    label: k.label,
    value: formatValue(k.value, unit),
    missing: false,
    target,
    statusClass: k.status === "ok" ? "st-ok" : k.status === "off-target" ? "st-bad" : "st-none",
    statusText: k.status === "ok" ? "on target" : k.status === "off-target" ? "off target" : "",
    hasDelta: true,
    arrow,
    deltaText,
    deltaClass,
    source: k.source,
    asOf: k.asOf.slice(0, 16).replace("T", " ") + (k.asOf.length > 10 ? " UTC" : ""),
  };
}

function sectionView(s: Section) {
  const numeric = new Set(s.columns.filter((c) => c.unit).map((c) => c.key));
  const cell = (key: string, v: string | number | null) => {
    const col = s.columns.find((c) => c.key === key);
    const text = typeof v === "number" ? formatValue(v, col?.unit as Unit) : v === null || v === undefined ? "—" : String(v);
    return { text, numeric: numeric.has(key) };
  };
  let chart;
  if (s.chart) {
    const { label, value, unit } = s.chart;
    const points = s.rows.map((r) => ({ label: String(r[label] ?? ""), v: typeof r[value] === "number" ? (r[value] as number) : null })).filter((p): p is { label: string; v: number } => p.v !== null);
    const max = Math.max(1, ...points.map((p) => Math.abs(p.v)));
    chart = {
      title: s.columns.find((c) => c.key === value)?.label ?? value,
      bars: points.map((p) => ({
        label: p.label,
        value: formatValue(p.v, unit as Unit),
        width: Math.max(1, Math.round((Math.abs(p.v) / max) * 100)),
        rest: 100 - Math.max(1, Math.round((Math.abs(p.v) / max) * 100)),
        negative: p.v < 0,
      })),
    };
  }
  return {
    id: s.id,
    title: s.title,
    intro: s.intro ?? "",
    columns: s.columns.map((c) => ({ label: c.label, numeric: numeric.has(c.key) })),
    rows: s.rows.map((r) => ({ cells: s.columns.map((c) => cell(c.key, r[c.key] ?? null)) })),
    chart,
    hasChart: Boolean(chart && chart.bars.length),
    source: s.source,
  };
}

/** Builds everything the templates show. `cards` maps action fingerprints to board URLs. */
export function buildView(report: Report, cards: CardLink[] = []) {
  const url = new Map(cards.map((c) => [c.fingerprint, c.url]));
  const kpis = report.kpis.map(kpiView);
  const severities: Severity[] = ["critical", "high", "medium", "low", "info"];
  const findingGroups = severities
    .map((sev) => ({
      severity: sev,
      label: SEVERITY_LABEL[sev],
      items: report.findings.filter((f) => f.severity === sev).map((f) => ({ title: f.title, evidence: f.evidence, recommendation: f.recommendation, sources: f.sources.join("; ") })),
    }))
    .filter((g) => g.items.length > 0)
    .map((g) => ({ ...g, count: g.items.length }));
  const sourceList = [...new Set([...report.kpis.flatMap((k) => (k.status === "missing" ? [] : [k.source])), ...report.sections.map((s) => s.source)])];
  const counts = findingGroups.map((g) => `${g.count} ${g.label.toLowerCase()}`).join(", ");
  return {
    lang: "en",
    title: report.title,
    role: report.role,
    roleLabel: ROLE_LABEL[report.role],
    period: report.period.label,
    periodRange: `${report.period.start.slice(0, 10)} – ${new Date(Date.parse(report.period.end) - 1).toISOString().slice(0, 10)}`,
    scope: report.scope.entities.map((e) => e.name).join(", "),
    preheader: `${report.period.label}: ${counts || "no findings"}; ${report.actions.length} actions.`,
    reportId: report.id,
    generatedAt: report.generatedAt.slice(0, 16).replace("T", " ") + " UTC",
    summary: report.summary,
    kpis: kpis.filter((k) => !k.missing),
    missingKpis: kpis.filter((k) => k.missing),
    hasMissingKpis: kpis.some((k) => k.missing),
    findingGroups,
    hasFindings: findingGroups.length > 0,
    actions: report.actions.map((a) => ({
      rank: a.rank,
      priority: a.priority,
      title: a.title,
      detail: a.detail,
      due: a.dueDate,
      owner: ROLE_LABEL[a.ownerRole],
      impact: a.impactUsdPerMonth === null ? "" : `${formatValue(a.impactUsdPerMonth, "usd")}/mo`,
      url: a.cardUrl ?? url.get(a.fingerprint) ?? "",
      fingerprint: a.fingerprint,
    })),
    hasActions: report.actions.length > 0,
    sections: report.sections.map(sectionView),
    sources: report.sources.map((s) => ({ name: s.name, detail: s.detail, status: s.ok ? "ok" : "failed" })),
    footnotes: sourceList.map((s, i) => ({ n: i + 1, source: s })),
  };
}

export type View = ReturnType<typeof buildView>;
