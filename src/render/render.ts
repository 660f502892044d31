/** Renders a Report into email HTML (CSS inlined by juice), plain text, Markdown, and board card bodies. */
import Mustache from "mustache";
import type { ActionItem, Report, ReportFormat } from "../analyse/report.js";
import { fingerprintMarker } from "../board/board.js";
import { formatValue } from "../shared/format.js";
import { escapeHtml, escapeMarkdown, escapeText } from "./escape.js";
import { subjectFor } from "./subject.js";
import { loadTemplates, type Templates } from "./templates.js";
import { buildView, type CardLink, type ReportLinks } from "./view.js";

export { subjectFor };

export interface Rendered {
  html: string;
  text: string;
  markdown: string;
  subject: string;
  format: ReportFormat;
  templateVersion: string;
  /** What the pipeline should log: e.g. a link-only report with no link configured. */
  notes: string[];
}

export interface RenderOptions {
  /** full (default: the audience's), summary (headline, changes, top actions, link) or link-only (a link, no figures). */
  format?: ReportFormat;
  /** Where the run, board, archive and this report live; link-only should have `report` or `archive`. */
  links?: ReportLinks;
  /** Board URLs for actions that carry none yet. */
  cards?: CardLink[];
  /** The audience's subject template (see subjectFor). */
  subject?: string;
  templates?: Templates;
}

// One line per value: a CR/LF in a name cannot forge a header-looking line ("Bcc: …") in the text part.
const plain = { escape: (s: unknown) => escapeText(s) };
const markdownEscape = { escape: (s: unknown) => escapeMarkdown(s) };

/** Pure: the three renderings of one report in one format (the email template is pre-inlined: mustache only). */
export function renderReport(report: Report, opts: RenderOptions = {}): Rendered {
  const t = opts.templates ?? loadTemplates();
  const format = opts.format ?? report.audience?.format ?? "full";
  const view = buildView(report, { cards: opts.cards, links: opts.links, format });
  const notes =
    format === "link-only" && !view.hasFullReport
      ? [
          `${report.id}: a link-only email needs a link to the kept report (links.report or links.archive); without one it names the report id only. Configure the archive or choose the summary format.`,
        ]
      : [];
  const data = { ...view, templateVersion: t.version };
  const html = Mustache.render(t.email(report.role, format), data, {}, { escape: escapeHtml });
  const text = Mustache.render(t.text(format), data, {}, plain).replace(/\n{3,}/g, "\n\n");
  const markdown = Mustache.render(t.markdown(format), data, {}, markdownEscape).replace(/\n{3,}/g, "\n\n");
  return { html, text, markdown, subject: subjectFor(report, opts.subject, format), format, templateVersion: t.version, notes };
}

/**
 * Markdown body of a board card for one action item; data is escaped and mentions neutralised.
 * Nothing in it depends on the week (no report id, no dated deadline), so an unchanged finding leaves its
 * card untouched from one week to the next: no edit, no notification.
 */
export function renderCardBody(report: Report, action: ActionItem, t: Templates = loadTemplates()): string {
  const findings = report.findings.filter((f) => action.findingIds.includes(f.id));
  const data = {
    marker: fingerprintMarker(action.fingerprint),
    priority: action.priority,
    owner: action.ownerRole.toUpperCase(),
    dueInDays: action.dueInDays,
    impact: action.impactUsdPerMonth === null ? "" : `${formatValue(action.impactUsdPerMonth, "usd")}/mo`,
    detail: action.detail,
    findings: findings.map((f) => ({ title: f.title, severity: f.severity, evidence: f.evidence, sources: f.sources.join("; ") })),
    role: report.role.toUpperCase(),
  };
  const body = Mustache.render(t.card, data, {}, markdownEscape);
  // GitHub caps an issue body at 65,536 characters.
  return body.length > 65000 ? `${body.slice(0, 64900)}\n\n…(truncated)` : body;
}
