/** Renders a Report into email HTML (CSS inlined by juice), plain text, Markdown, and board card bodies. */
import Mustache from "mustache";
import type { ActionItem, Report } from "../analyse/report.js";
import { fingerprintMarker } from "../board/board.js";
import { formatValue } from "../shared/format.js";
import { escapeHtml, escapeMarkdown, escapeText } from "./escape.js";
import { loadTemplates, type Templates } from "./templates.js";
import { buildView, type CardLink } from "./view.js";

export interface Rendered {
  html: string;
  text: string;
  markdown: string;
  subject: string;
  templateVersion: string;
}

// One line per value: a CR/LF in a name cannot forge a header-looking line ("Bcc: …") in the text part.
const plain = { escape: (s: unknown) => escapeText(s) };
const markdownEscape = { escape: (s: unknown) => escapeMarkdown(s) };

/** Pure: the three renderings of one report (the email template is pre-inlined, so this is mustache only). */
export function renderReport(report: Report, cards: CardLink[] = [], t: Templates = loadTemplates()): Rendered {
  const data = { ...buildView(report, cards), templateVersion: t.version };
  const html = Mustache.render(t.email(report.role), data, {}, { escape: escapeHtml });
  const text = Mustache.render(t.text, data, {}, plain).replace(/\n{3,}/g, "\n\n");
  const markdown = Mustache.render(t.markdown, data, {}, markdownEscape).replace(/\n{3,}/g, "\n\n");
  return { html, text, markdown, subject: subjectFor(report), templateVersion: t.version };
}

/** Email subject: role, period and the headline counts. */
export function subjectFor(report: Report, prefix = "[exec-reports]"): string {
  const crit = report.findings.filter((f) => f.severity === "critical").length;
  return `${prefix} ${report.title} · ${report.period.label}${crit ? ` · ${crit} critical` : ""}`;
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
