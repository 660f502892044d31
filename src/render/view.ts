/**
 * The view model: a Report laid out for templates. Only formatting, grouping and bar widths happen here;
 * no figure is computed. Every template branch reads a boolean from here, so templates hold no logic and
 * every variable a section reads is defined on its own object (mustache would otherwise look it up in a parent).
 */
import type { Kpi, Report, Section, Severity } from "../analyse/report.js";
import { SEVERITIES } from "../analyse/report.js";
import { formatDelta, formatValue, type Unit } from "../shared/format.js";

const SEVERITY_LABEL: Record<Severity, string> = { critical: "Critical", high: "High", medium: "Medium", low: "Low", info: "Info" };

/** Sections with more columns than this read as one record per row: a 375 px screen cannot hold a wider table. */
export const MAX_TABLE_COLUMNS = 4;

export interface CardLink {
  fingerprint: string;
  url: string;
}

/** An absolute http(s) URL safe in an HTML attribute and a Markdown link destination, or "" for anything else. */
export function safeHref(url: string | undefined): string {
  if (!url) return "";
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "";
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return "";
  // URL.href percent-encodes spaces, quotes and angle brackets; parentheses would end a Markdown link.
  return u.href.replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** "2026-11-25T12:00:00Z" → "2026-11-25 12:00 UTC"; a bare date stays a date. */
function formatTime(iso: string): string {
  return iso.length > 10 ? `${iso.slice(0, 16).replace("T", " ")} UTC` : iso;
}

/** Numbers sources in order of first citation so KPIs, findings and sections can point at one footnote list. */
class Footnotes {
  private readonly index = new Map<string, { n: number; asOf: string }>();
  ref(source: string, asOf?: string): number {
    const hit = this.index.get(source);
    if (hit) {
      // The oldest as-of time is the honest one for a source cited by several KPIs.
      if (asOf && (!hit.asOf || asOf < hit.asOf)) hit.asOf = asOf;
      return hit.n;
    }
    const n = this.index.size + 1;
    this.index.set(source, { n, asOf: asOf ?? "" });
    return n;
  }
  /** Sources with no as-of time of their own (sections, findings) show when this report read them instead. */
  list() {
    return [...this.index].map(([source, { n, asOf }]) => ({ n, source, asOf: asOf ? formatTime(asOf) : "" }));
  }
}

function barWidth(v: number, max: number): number {
  return Math.max(1, Math.round((Math.abs(v) / max) * 100));
}

function kpiView(k: Kpi, notes: Footnotes) {
  const unit = k.unit as Unit;
  const target = k.target ? `target ${k.target.op === ">=" ? "≥" : "≤"} ${formatValue(k.target.value, unit)}` : "";
  if (k.status === "missing") return { missing: true as const, label: k.label, reason: k.missing, source: k.source ?? "" };
  let arrow = "";
  let deltaText = "first report, no previous value";
  let better = false;
  let worse = false;
  if (k.delta !== null) {
    arrow = k.delta > 0 ? "▲" : k.delta < 0 ? "▼" : "▬";
    deltaText = `${formatDelta(k.delta, unit)} vs ${formatValue(k.previous, unit)}`;
    if (k.target && k.delta !== 0) {
      better = k.target.op === ">=" ? k.delta > 0 : k.delta < 0;
      worse = !better;
    }
  }
  let trend = null;
  if (k.previous !== null && k.previous >= 0 && k.value >= 0 && k.value < Number.MAX_SAFE_INTEGER) {
    const max = Math.max(k.previous, k.value) || 1;
    const prev = barWidth(k.previous, max);
    const now = barWidth(k.value, max);
    trend = { prev, prevRest: 100 - prev, now, nowRest: 100 - now };
  }
  const ok = k.status === "ok";
  const bad = k.status === "off-target";
  return {
    missing: false as const,
    label: k.label,
    value: formatValue(k.value, unit),
    arrow,
    deltaText,
    better,
    worse,
    flat: !better && !worse,
    trend,
    ok,
    bad,
    neutral: !ok && !bad,
    statusText: ok ? "on target" : bad ? "off target" : "",
    target,
    source: k.source,
    asOf: formatTime(k.asOf),
    ref: notes.ref(k.source, k.asOf),
  };
}

type CellKind = "numeric" | "nowrap" | "words" | "plain";

function cellKind(text: string, kind: CellKind) {
  return { text, numeric: kind === "numeric", nowrap: kind === "nowrap", words: kind === "words", plain: kind === "plain" };
}

// A 375 px screen leaves about 347 px for a table (14 px padding a side); each cell pads 12 px.
const NARROW_TABLE_PX = 347;
const CELL_PADDING_PX = 12;
// A generous average glyph width for 12–13 px Arial, so estimates err towards wrapping.
const CHAR_PX = 7.5;

/**
 * How each column may wrap: the first column (it names the row) unbroken when short, words whole elsewhere,
 * and breaking inside words only where the narrowest screen would otherwise scroll sideways. This is a
 * width estimate for layout, not a figure: the browser test checks the result at 375 px.
 */
export function columnKinds(columns: { label: string; numeric: boolean; texts: string[] }[]): CellKind[] {
  const longestWord = (ts: string[]) => Math.max(0, ...ts.flatMap((t) => t.split(/\s+/).map((w) => w.length)));
  const longestCell = (ts: string[]) => Math.max(0, ...ts.map((t) => t.length));
  const kinds: CellKind[] = columns.map((c, i) => (c.numeric ? "numeric" : i === 0 && longestCell(c.texts) <= 16 ? "nowrap" : "words"));
  const width = (i: number) => {
    const c = columns[i]!;
    const header = longestWord([c.label]);
    const body = kinds[i] === "numeric" || kinds[i] === "nowrap" ? longestCell(c.texts) : kinds[i] === "words" ? longestWord(c.texts) : 3;
    return Math.max(header, body) * CHAR_PX + CELL_PADDING_PX;
  };
  for (;;) {
    const widths = columns.map((_, i) => width(i));
    if (widths.reduce((a, b) => a + b, 0) <= NARROW_TABLE_PX) return kinds;
    const candidates = widths.map((w, i) => ({ w, i })).filter(({ i }) => kinds[i] === "nowrap" || kinds[i] === "words");
    if (!candidates.length) return kinds;
    const widest = candidates.reduce((a, b) => (b.w > a.w ? b : a)).i;
    kinds[widest] = kinds[widest] === "nowrap" ? "words" : "plain";
  }
}

function sectionView(s: Section, notes: Footnotes) {
  const numeric = new Set(s.columns.filter((c) => c.unit).map((c) => c.key));
  const text = (key: string, v: string | number | null | undefined) => {
    const col = s.columns.find((c) => c.key === key);
    return typeof v === "number" ? formatValue(v, col?.unit as Unit) : v === null || v === undefined || v === "" ? "—" : String(v);
  };
  let chart = null;
  if (s.chart) {
    const { label, value, unit } = s.chart;
    const points = s.rows.flatMap((r) => (typeof r[value] === "number" ? [{ label: text(label, r[label]), v: r[value] as number }] : []));
    const max = Math.max(1e-9, ...points.map((p) => Math.abs(p.v)));
    const bars = points.map((p) => {
      const width = barWidth(p.v, max);
      return { label: p.label, value: formatValue(p.v, unit as Unit), width, rest: 100 - width, negative: p.v < 0 };
    });
    if (bars.length) chart = { title: s.columns.find((c) => c.key === value)?.label ?? value, bars };
  }
  const [first, ...rest] = s.columns;
  const kinds = columnKinds(
    s.columns.map((c) => ({ label: c.label, numeric: numeric.has(c.key), texts: s.rows.map((r) => text(c.key, r[c.key])) })),
  );
  return {
    id: s.id,
    title: s.title,
    intro: s.intro ?? "",
    chart,
    table: s.columns.length <= MAX_TABLE_COLUMNS,
    hasRows: s.rows.length > 0,
    columns: s.columns.map((c) => ({ label: c.label, numeric: numeric.has(c.key) })),
    rows: s.rows.map((r) => ({ cells: s.columns.map((c, i) => cellKind(text(c.key, r[c.key]), kinds[i]!)) })),
    records: first
      ? s.rows.map((r) => ({
          head: text(first.key, r[first.key]),
          headLabel: first.label,
          fields: rest.map((c, i) => ({ label: c.label, text: text(c.key, r[c.key]), last: i === rest.length - 1 })),
        }))
      : [],
    source: s.source,
    ref: notes.ref(s.source),
  };
}

type KpiTile = Extract<ReturnType<typeof kpiView>, { missing: false }>;

/** Builds everything the templates show. `cards` maps action fingerprints to board URLs. */
export function buildView(report: Report, cards: CardLink[] = []) {
  const url = new Map(cards.map((c) => [c.fingerprint, c.url]));
  const notes = new Footnotes();
  const allKpis = report.kpis.map((k) => kpiView(k, notes));
  const kpis = allKpis.filter((k): k is KpiTile => !k.missing);
  const missingKpis = allKpis.filter((k) => k.missing);
  const kpiRows = [];
  for (let i = 0; i < kpis.length; i += 2) {
    const cells = kpis.slice(i, i + 2);
    kpiRows.push({ cells, filler: cells.length === 1 });
  }
  const findingGroups = SEVERITIES.map((sev) => ({
    severity: sev,
    label: SEVERITY_LABEL[sev],
    critical: sev === "critical",
    high: sev === "high",
    medium: sev === "medium",
    low: sev === "low",
    info: sev === "info",
    items: report.findings
      .filter((f) => f.severity === sev)
      .map((f) => ({
        title: f.title,
        entity: f.entity,
        evidence: f.evidence,
        recommendation: f.recommendation,
        sources: f.sources.join("; "),
        refs: f.sources.map((s) => notes.ref(s)),
      })),
  }))
    .filter((g) => g.items.length > 0)
    .map((g) => ({ ...g, count: g.items.length }));
  const actions = report.actions.map((a) => {
    const raw = a.cardUrl ?? url.get(a.fingerprint) ?? "";
    const href = safeHref(raw);
    return {
      rank: a.rank,
      priority: a.priority,
      urgent: a.priority === "P1",
      high: a.priority === "P2",
      normal: a.priority === "P3" || a.priority === "P4",
      title: a.title,
      detail: a.detail,
      due: a.dueDate,
      owner: a.ownerRole === report.role ? report.roleLabel : a.ownerRole.toUpperCase(),
      impact: a.impactUsdPerMonth === null ? "" : `${formatValue(a.impactUsdPerMonth, "usd")}/mo`,
      href,
      // A card that has no web address (the offline file board) is still named, as text.
      cardRef: href ? "" : raw,
      card: href || raw,
      fingerprint: a.fingerprint,
    };
  });
  const sections = report.sections.map((s) => sectionView(s, notes));
  const counts = findingGroups.map((g) => `${g.count} ${g.label.toLowerCase()}`).join(", ");
  const offTarget = kpis.filter((k) => k.bad).length;
  const endInclusive = new Date(Date.parse(report.period.end) - 1).toISOString().slice(0, 10);
  return {
    lang: "en",
    title: report.title,
    role: report.role,
    roleLabel: report.roleLabel,
    period: report.period.label,
    periodRange: `${report.period.start.slice(0, 10)} – ${endInclusive}`,
    scopeLabel:
      report.scope.key === "all"
        ? `All ${report.scope.entities.length} entities`
        : `${report.scope.entities.length} of the portfolio's entities`,
    scope: report.scope.entities.map((e) => e.name).join(", "),
    preheader: `${report.period.label}: ${counts || "no findings"}; ${report.actions.length} action${report.actions.length === 1 ? "" : "s"}; ${offTarget} KPI${offTarget === 1 ? "" : "s"} off target.`,
    reportId: report.id,
    generatedAt: formatTime(report.generatedAt),
    summary: report.summary,
    kpis,
    kpiRows,
    missingKpis,
    hasMissingKpis: missingKpis.length > 0,
    findingGroups,
    hasFindings: findingGroups.length > 0,
    actions,
    hasActions: actions.length > 0,
    sections,
    sources: report.sources.map((s, i) => ({
      name: s.name,
      detail: s.detail,
      ok: s.ok,
      status: s.ok ? "ok" : "failed",
      last: i === report.sources.length - 1,
    })),
    footnotes: notes.list(),
  };
}

export type View = ReturnType<typeof buildView>;
