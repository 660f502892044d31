/** "Since the last report", degraded-data banners, escalations and the watch list, laid out for the templates. */

import type { Changes, Degraded, Escalation, Report, Watching } from "../analyse/report.js";
import { figure, targetText } from "../analyse/summary.js";
import type { Unit } from "../shared/format.js";
import { formatTime } from "./display.js";

const lower = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** "2026-W46 net burn was reported as $4,210; the books now say $4,635." */
export function restatementText(r: Changes["restated"][number]): string {
  const unit = r.unit as Unit;
  return `${r.period} ${lower(r.label)} was reported as ${figure(r.reported, unit)}; the books now say ${figure(r.now, unit)}.`;
}

function acceptedText(a: Changes["accepted"][number]): string {
  const how = a.how === "accepted-risk" ? "risk accepted" : "closed as not planned";
  return `${how} by ${a.by} on ${a.at.slice(0, 10)}`;
}

/** One line per change, grouped; a first report says so once. */
export function changesView(c: Changes) {
  type Line = { tag: string; text: string; good: boolean; bad: boolean; neutral: boolean };
  const line = (tag: string, text: string, tone: "good" | "bad" | "neutral"): Line => ({
    tag,
    text,
    good: tone === "good",
    bad: tone === "bad",
    neutral: tone === "neutral",
  });
  const lines: Line[] = [
    ...c.new.map((f) => line("New", `${f.title} (${f.severity})`, "bad")),
    ...c.worse.map((f) => line("Worse", `${f.title} (${f.from} → ${f.severity})`, "bad")),
    ...c.escalated.map((f) => line("Escalated", `${f.title} (${f.from} → ${f.severity} after ${f.periodsOpen} periods open)`, "bad")),
    ...c.crossedTarget.map((k) =>
      line(
        k.direction === "met" ? "On target" : "Off target",
        `${k.label}: ${k.from === null ? "—" : figure(k.from, k.unit as Unit)} → ${figure(k.to, k.unit as Unit)} (target ${targetText(k.target, k.unit as Unit)})`,
        k.direction === "met" ? "good" : "bad",
      ),
    ),
    ...c.resolved.map((f) => line("Resolved", f.title, "good")),
    ...c.accepted.map((f) => line("Accepted", `${f.title}: ${acceptedText(f)}`, "neutral")),
    ...c.restated.map((r) => line("Restated", restatementText(r), "neutral")),
  ];
  return {
    first: c.previous === null,
    since: c.previous
      ? `Since ${c.previous.period} (report ${c.previous.id}, ${formatTime(c.previous.generatedAt)})`
      : "First report for this audience: nothing to compare with yet.",
    lines,
    hasLines: lines.length > 0,
    none: c.previous !== null && lines.length === 0,
  };
}

/** Banners for the top of the report: the source, what went wrong, and the figures it affects. */
export function bannersView(degraded: Degraded[]) {
  return degraded.map((d) => ({
    source: d.source,
    failed: d.reason === "failed",
    headline: d.reason === "failed" ? `${d.source} failed` : `${d.source} is out of date`,
    detail: d.detail,
    affects: d.affects.length ? `Affects: ${d.affects.join(", ")}.` : "No figure in this report reads it.",
  }));
}

/** Escalated findings of other reports, for the role that is told of every escalation. */
export function escalationsView(es: Escalation[], roleLabel: (id: string) => string) {
  return es.map((e) => ({
    role: roleLabel(e.role),
    title: e.title,
    detail: `${e.from} → ${e.severity}, open since ${e.openSince} (${e.periodsOpen} periods)`,
  }));
}

/** Breaches and findings seen but still inside their grace period. */
export function watchingView(ws: Watching[]) {
  return ws.map((w) => ({ title: w.title, detail: `seen ${w.periodsSeen} of ${w.grace} periods before it alerts` }));
}

/** Findings a person accepted on their card: who and when. */
export function acceptedView(report: Report) {
  return report.findings.flatMap((f) =>
    f.memory?.acknowledged ? [{ title: f.title, detail: acceptedText({ ...f, ...f.memory.acknowledged }) }] : [],
  );
}
