/**
 * The view model: a Report laid out for templates. Only formatting, grouping and bar widths happen here;
 * no figure is computed. Every template branch reads a boolean from here, so templates hold no logic and
 * every variable a section reads is defined on its own object (mustache would otherwise look it up in a parent).
 */
import type { ActionItem, Report, ReportFormat, Severity } from "../analyse/report.js";
import { SEVERITIES } from "../analyse/report.js";
import { figure } from "../analyse/summary.js";
import { formatTime, humaniser } from "./display.js";
import { acceptedView, bannersView, changesView, escalationsView, watchingView } from "./view-changes.js";
import { type KpiTile, kpiTile, type MeasuredTile } from "./view-kpis.js";
import { sectionView } from "./view-sections.js";

export { columnKinds } from "./view-sections.js";

const SEVERITY_LABEL: Record<Severity, string> = { critical: "Critical", high: "High", medium: "Medium", low: "Low", info: "Info" };

/** Actions shown on the first screen, before everything else. */
export const TOP_ACTIONS = 3;

export interface CardLink {
  fingerprint: string;
  url: string;
}

/** Where the run, the board and the kept copy of the report live (each optional; only http(s) links are shown). */
export interface ReportLinks {
  /** The workflow run (or job) that produced the report. */
  run?: string;
  /** The board the action cards live on. */
  board?: string;
  /** The archive of past reports. */
  archive?: string;
  /** This report in the archive (or wherever the full report is kept). */
  report?: string;
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

function pairs<T>(items: T[]) {
  const rows = [];
  for (let i = 0; i < items.length; i += 2) {
    const cells = items.slice(i, i + 2);
    rows.push({ cells, filler: cells.length === 1 });
  }
  return rows;
}

function tileForTemplate(t: KpiTile) {
  return t.missing ? { ...t, measured: false } : { ...t, measured: true, asOf: formatTime(t.asOf) };
}

/** Builds everything the templates show. `cards` maps action fingerprints to board URLs. */
export function buildView(report: Report, opts: { cards?: CardLink[]; links?: ReportLinks; format?: ReportFormat } = {}) {
  const url = new Map((opts.cards ?? []).map((c) => [c.fingerprint, c.url]));
  const notes = new Footnotes();
  const human = humaniser(report.names);
  const ref = (s: string, asOf?: string) => notes.ref(s, asOf);
  const anyPrevious = report.changes.previous !== null || report.kpis.some((k) => k.previous !== null);
  const headlineIds = new Set(report.headline);
  const headline = report.headline.flatMap((id) => {
    const k = report.kpis.find((x) => x.id === id);
    return k ? [tileForTemplate(kpiTile(k, ref, anyPrevious, human, true))] : [];
  });
  const others = report.kpis.filter((k) => !headlineIds.has(k.id)).map((k) => kpiTile(k, ref, anyPrevious, human));
  const kpis = others.filter((k): k is MeasuredTile => !k.missing).map(tileForTemplate);
  const missingKpis = others.filter((k) => k.missing);
  const memoryOf = new Map(report.findings.map((f) => [f.id, f.memory]));

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
        memory: memoryText(f.memory),
        sources: f.sources.map(human).join("; "),
        refs: f.sources.map((s) => notes.ref(human(s))),
      })),
  }))
    .filter((g) => g.items.length > 0)
    .map((g) => ({ ...g, count: g.items.length }));

  const actionView = (a: ActionItem) => {
    const raw = a.cardUrl ?? url.get(a.fingerprint) ?? "";
    const href = safeHref(raw);
    const m = memoryOf.get(a.findingIds[0]!);
    return {
      rank: a.rank,
      priority: a.priority,
      urgent: a.priority === "P1",
      high: a.priority === "P2",
      normal: a.priority === "P3" || a.priority === "P4",
      title: human(a.title),
      detail: a.detail,
      due: a.dueDate,
      owner: a.ownerRole === report.role ? report.roleLabel : a.ownerRole.toUpperCase(),
      impact: a.impactUsdPerMonth === null ? "" : `${figure(a.impactUsdPerMonth, "usd")}/mo`,
      escalated: m?.escalated ? `escalated from ${m.escalated.from}` : "",
      open: m && m.periodsOpen > 1 ? `open ${m.periodsOpen} periods` : "",
      href,
      // A card that has no web address (the offline file board) is still named, as text.
      cardRef: href ? "" : raw,
      card: href || raw,
      fingerprint: a.fingerprint,
    };
  };
  const open = report.actions.filter((a) => !a.acknowledged).map(actionView);
  const sections = report.sections.map((s) => sectionView(s, notes.ref(human(s.source)), human));
  const counts = findingGroups.map((g) => `${g.count} ${g.label.toLowerCase()}`).join(", ");
  const changes = changesView(report.changes);
  const endInclusive = report.period.endDate
    ? new Date(Date.parse(`${report.period.endDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    : new Date(Date.parse(report.period.end) - 1).toISOString().slice(0, 10);
  const links = opts.links ?? {};
  const linkList = (
    [
      ["This report", links.report],
      ["Run", links.run],
      ["Board", links.board],
      ["Archive", links.archive],
    ] as const
  )
    .map(([label, u]) => ({ label, href: safeHref(u) }))
    .filter((l) => l.href);
  const fullReport = safeHref(links.report) || safeHref(links.archive) || safeHref(links.run);
  const format = opts.format ?? report.audience?.format ?? "full";
  const accepted = acceptedView(report);
  const escalations = escalationsView(report.escalations, (id) => id.toUpperCase());
  const watching = watchingView(report.watching);
  const banners = bannersView(report.degraded);
  const scopeNames = report.scope.entities.map((e) => e.name).join(", ");
  return {
    lang: "en",
    format,
    // Footnote numbers point at the sources list, which only the full report has.
    showRefs: format === "full",
    title: report.title,
    role: report.role,
    roleLabel: report.roleLabel,
    audience: report.audience?.label ?? "",
    period: report.period.label,
    periodRange: `${report.period.startDate ?? report.period.start.slice(0, 10)} – ${endInclusive}`,
    scopeLabel:
      report.scope.key === "all"
        ? report.scope.entities.length === 1
          ? "The portfolio's one entity"
          : `All ${report.scope.entities.length} entities`
        : `${report.scope.entities.length} of the portfolio's entities`,
    scope: scopeNames,
    // Every entity is named in the sources block; the header names a narrower scope at once.
    scopeAll: report.scope.key === "all",
    preheader:
      format === "link-only"
        ? `Your ${report.roleLabel} report for ${report.period.label} is ready.`
        : `${report.summary[0]} ${counts || "No findings"}; ${open.length} action${open.length === 1 ? "" : "s"}.`,
    reportId: report.id,
    generatedAt: formatTime(report.generatedAt),
    summary: report.summary,
    headline,
    headlineRows: pairs(headline),
    hasHeadline: headline.length > 0,
    kpis,
    kpiRows: pairs(kpis),
    hasKpis: kpis.length > 0,
    missingKpis,
    hasMissingKpis: missingKpis.length > 0,
    findingGroups,
    hasFindings: findingGroups.length > 0,
    topActions: open.slice(0, TOP_ACTIONS),
    moreActions: open.slice(TOP_ACTIONS),
    hasMoreActions: open.length > TOP_ACTIONS,
    actions: open,
    hasActions: open.length > 0,
    actionCount: open.length,
    accepted,
    hasAccepted: accepted.length > 0,
    changes,
    banners,
    hasBanners: banners.length > 0,
    escalations,
    hasEscalations: escalations.length > 0,
    watching,
    hasWatching: watching.length > 0,
    sections,
    sources: report.sources.map((s, i) => ({
      name: human(s.name),
      detail: s.detail,
      ok: s.ok,
      status: s.ok ? "ok" : "failed",
      last: i === report.sources.length - 1,
    })),
    footnotes: notes.list(),
    links: linkList,
    hasLinks: linkList.length > 0,
    fullReport,
    hasFullReport: fullReport !== "",
  };
}

function memoryText(m: Report["findings"][number]["memory"]): string {
  if (!m) return "";
  const parts = [m.periodsOpen > 1 ? `open since ${m.openSince} (${m.periodsOpen} periods)` : `new in ${m.openSince}`];
  if (m.escalated) parts.push(`escalated from ${m.escalated.from} after ${m.escalated.periods} periods`);
  if (m.acknowledged)
    parts.push(
      `${m.acknowledged.how === "accepted-risk" ? "risk accepted" : "closed as not planned"} by ${m.acknowledged.by} on ${m.acknowledged.at.slice(0, 10)}`,
    );
  return parts.join(" · ");
}

export type View = ReturnType<typeof buildView>;
