/**
 * The report's summary lines, figures first: the headline KPIs with their change, then what changed since the
 * last report, then the counts. Role checks' own lines follow these.
 */
import { formatDelta, formatValue, type Unit } from "../shared/format.js";
import type { ActionItem, Changes, Finding, Kpi } from "./report.js";
import { SEVERITIES } from "./report.js";

/** Lines analyse puts before the checks' own: figures, counts (followUp adds the changes line between them). */
export const GENERATED_LINES = 2;

/** A figure as tiles and prose show it: whole dollars (cents belong in ledgers), units otherwise. */
export function figure(v: number, unit: Unit): string {
  return formatValue(unit === "usd" && Math.abs(v) < Number.MAX_SAFE_INTEGER ? Math.round(v) : v, unit);
}

/** A change as tiles and prose show it ("−0.4 mo", "+$310"). */
export function change(d: number, unit: Unit): string {
  return formatDelta(unit === "usd" ? Math.round(d) : d, unit);
}

/** "≥ 12 mo" */
export function targetText(t: { op: ">=" | "<="; value: number }, unit: Unit): string {
  return `${t.op === ">=" ? "≥" : "≤"} ${figure(t.value, unit)}`;
}

/** The headline KPIs in one sentence: value, change against the last report, and target status. */
export function figuresLine(kpis: Kpi[], headline: string[]): string {
  const parts = headline.flatMap((id) => {
    const k = kpis.find((x) => x.id === id);
    if (!k) return [];
    const unit = k.unit as Unit;
    if (k.value === null) return [`${k.label}: not measured`];
    const delta = k.delta !== null && k.delta !== 0 ? ` (${change(k.delta, unit)})` : "";
    const target = k.status === "off-target" && k.target ? `, off target (${targetText(k.target, unit)})` : "";
    return [`${k.label} ${figure(k.value, unit)}${delta}${target}`];
  });
  return parts.length ? `${parts.join("; ")}.` : "No headline figures are measured yet.";
}

/** Counts, last: how many findings by severity, actions and measured KPIs. */
export function countsLine(findings: Finding[], actions: ActionItem[], kpis: Kpi[]): string {
  const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const missing = kpis.filter((k) => k.status === "missing").length;
  const open = actions.filter((a) => !a.acknowledged).length;
  const accepted = actions.length - open;
  return `${findings.length} finding${findings.length === 1 ? "" : "s"} (${counts.map(([s, n]) => `${n} ${s}`).join(", ") || "none"}), ${open} action${open === 1 ? "" : "s"}${accepted ? ` and ${accepted} accepted risk${accepted === 1 ? "" : "s"}` : ""}, ${kpis.length - missing} of ${kpis.length} KPIs measured.`;
}

/** What changed since the last report, in one sentence; a first report says so. */
export function changesLine(c: Changes): string {
  if (!c.previous) return "First report for this audience: nothing to compare with yet.";
  const parts: string[] = [];
  const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  if (c.new.length) parts.push(n(c.new.length, "new finding"));
  if (c.resolved.length) parts.push(`${n(c.resolved.length, "finding")} resolved`);
  if (c.worse.length) parts.push(`${n(c.worse.length, "finding")} worse`);
  for (const x of c.crossedTarget) parts.push(`${x.label} ${x.direction === "met" ? "back on" : "off"} target`);
  if (c.escalated.length) parts.push(`${n(c.escalated.length, "finding")} escalated`);
  if (c.accepted.length) parts.push(`${n(c.accepted.length, "risk")} accepted`);
  if (c.restated.length) parts.push(`${n(c.restated.length, "past figure")} restated`);
  return `Since ${c.previous.period} (${c.previous.id}): ${parts.length ? parts.join(", ") : "no change in findings or targets"}.`;
}
