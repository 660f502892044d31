/**
 * A KPI's trend as inline SVG, drawn at build time with d3-scale and d3-shape (no browser, no canvas, no script
 * in the page). Colours come from the page's CSS classes, so the chart follows light and dark mode.
 */
import { scaleLinear, scalePoint } from "d3-scale";
import { line } from "d3-shape";
import { chartable } from "../../src/archive/readme.js";
import type { KpiSeries, TrendPoint } from "../../src/archive/trends.js";
import { escapeHtml as esc } from "../../src/render/escape.js";
import { formatValue } from "../../src/shared/format.js";

// Drawn at about the width of a phone so its 11 px text stays 11 px at 375 px; it scales up to its card elsewhere.
const W = 320;
const H = 190;
const M = { top: 14, right: 12, bottom: 30, left: 52 };
const MAX_X_LABELS = 4;

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** Axis tick text: compact ($34K, 12.5%, 13 mo). */
export function tickLabel(v: number, unit: KpiSeries["unit"]): string {
  const n = compact.format(v).replace("-", "−");
  return unit === "usd" ? (v < 0 ? `−$${n.slice(1)}` : `$${n}`) : unit === "pct" ? `${n}%` : n;
}

/** Which x labels to print: at most MAX_X_LABELS, evenly spaced, the last always. */
function shownLabels(periods: string[]): Set<string> {
  const step = Math.max(1, Math.ceil(periods.length / MAX_X_LABELS));
  const shown = new Set(periods.filter((_, i) => (periods.length - 1 - i) % step === 0));
  return shown;
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/** The SVG of one KPI over its audience's periods; null when it was never measured. */
export function kpiChartSvg(s: KpiSeries, id: string): string | null {
  const pts = s.points.filter((p): p is TrendPoint & { value: number } => chartable(p.value));
  if (!pts.length) return null;
  const values = pts.map((p) => p.value);
  const domain = s.target ? [...values, s.target.value] : values;
  let lo = Math.min(...domain);
  let hi = Math.max(...domain);
  // A baseline of zero for figures that cannot go below it keeps small moves from looking dramatic.
  if (lo >= 0) lo = 0;
  if (hi === lo) hi = lo + 1;
  const y = scaleLinear()
    .domain([lo, hi])
    .nice(4)
    .range([H - M.bottom, M.top]);
  const x = scalePoint<string>()
    .domain(s.points.map((p) => p.period))
    .range([M.left, W - M.right])
    .padding(0.4);
  const path = line<TrendPoint>()
    .defined((p) => chartable(p.value))
    .x((p) => r2(x(p.period)!))
    .y((p) => r2(y(p.value as number)));

  const out: string[] = [];
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  const desc =
    first === last
      ? `${formatValue(last.value, s.unit)} in ${last.period}.`
      : `From ${formatValue(first.value, s.unit)} in ${first.period} to ${formatValue(last.value, s.unit)} in ${last.period}, ${pts.length} values.`;
  out.push(
    `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${titleId} ${descId}" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${titleId}">${esc(s.label)}</title><desc id="${descId}">${esc(desc)}${s.target ? ` Target ${s.target.op === ">=" ? "at least" : "at most"} ${esc(formatValue(s.target.value, s.unit))}.` : ""}</desc>`,
  );
  // Counts have no halves.
  const ticks = y.ticks(4).filter((t) => s.unit !== "count" || Number.isInteger(t));
  for (const t of ticks) {
    const ty = r2(y(t));
    out.push(
      `<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${ty}" y2="${ty}"/>`,
      `<text class="tick" x="${M.left - 6}" y="${ty}" dy="0.32em" text-anchor="end">${esc(tickLabel(t, s.unit))}</text>`,
    );
  }
  const shown = shownLabels(s.points.map((p) => p.period));
  for (const p of s.points.filter((q) => shown.has(q.period)))
    out.push(`<text class="tick" x="${r2(x(p.period)!)}" y="${H - M.bottom + 18}" text-anchor="middle">${esc(p.period)}</text>`);
  if (s.target) {
    const ty = r2(y(s.target.value));
    out.push(
      `<line class="target" x1="${M.left}" x2="${W - M.right}" y1="${ty}" y2="${ty}"/>`,
      `<text class="target-label" x="${W - M.right}" y="${ty - 4}" text-anchor="end">target</text>`,
    );
  }
  out.push(`<path class="series" d="${path(s.points) ?? ""}"/>`);
  for (const p of pts)
    out.push(
      `<circle class="point" cx="${r2(x(p.period)!)}" cy="${r2(y(p.value))}" r="3.5" data-period="${esc(p.period)}" data-value="${p.value}"><title>${esc(`${p.period}: ${formatValue(p.value, s.unit)}`)}</title></circle>`,
    );
  out.push("</svg>");
  return out.join("");
}
