/** KPI tiles for the templates: value, change, target and threshold state, and a 12-period sparkline. */

import type { Kpi, SeriesPoint } from "../analyse/report.js";
import { change, figure, targetText } from "../analyse/summary.js";
import type { Unit } from "../shared/format.js";

/** Height of a sparkline in px: small enough for a phone tile, tall enough to read a trend. */
export const SPARK_PX = 22;
const BLOCKS = "▁▂▃▄▅▆▇█";

export interface SparkBar {
  up: number;
  down: number;
  now: boolean;
  none: boolean;
}

/** Bars of a sparkline in px (positive above the zero line, negative below); null when fewer than 2 values. */
export function sparkline(series: SeriesPoint[] | undefined) {
  if (!series) return null;
  const nums = series
    .map((p) => p.value)
    .filter((v): v is number => v !== null && Number.isFinite(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER);
  if (nums.length < 2) return null;
  const max = Math.max(0, ...nums);
  const min = Math.min(0, ...nums);
  const span = max - min || 1;
  const scale = (v: number) => Math.max(1, Math.round((Math.abs(v) / span) * SPARK_PX));
  const bars: SparkBar[] = series.map((p, i) => {
    const v = p.value;
    const usable = v !== null && nums.includes(v);
    return {
      up: usable && v >= 0 ? scale(v) : 0,
      down: usable && v < 0 ? scale(v) : 0,
      now: i === series.length - 1,
      none: !usable,
    };
  });
  const signed = min < 0;
  const top = signed ? Math.round((max / span) * SPARK_PX) : SPARK_PX;
  return { bars, signed, top: Math.max(1, top), bottom: Math.max(1, SPARK_PX - top) };
}

/** The same trend as block characters for plain text and Markdown ("▁▃▅█"); a gap is a space. */
export function sparkText(series: SeriesPoint[] | undefined): string {
  if (!series || sparkline(series) === null) return "";
  const nums = series.map((p) => p.value).filter((v): v is number => v !== null && Math.abs(v) < Number.MAX_SAFE_INTEGER);
  const lo = Math.min(...nums);
  const hi = Math.max(...nums);
  return series
    .map((p) =>
      p.value === null || !nums.includes(p.value)
        ? " "
        : BLOCKS[hi === lo ? 3 : Math.round(((p.value - lo) / (hi - lo)) * (BLOCKS.length - 1))],
    )
    .join("");
}

/** A KPI laid out as a tile. `anyPrevious`: whether this report has anything to compare with at all. */
export function kpiTile(
  k: Kpi,
  ref: (source: string, asOf?: string) => number,
  anyPrevious: boolean,
  humanSource: (s: string) => string,
  headline = false,
) {
  const unit = k.unit as Unit;
  const target = k.target ? `target ${targetText(k.target, unit)}` : "";
  if (k.status === "missing") {
    return {
      missing: true as const,
      id: k.id,
      label: k.label,
      reason: k.missing,
      source: k.source ? humanSource(k.source) : "",
      target,
    };
  }
  let arrow = "";
  // A first report says so once, in "Since the last report"; a tile says it only when the others have a baseline.
  let deltaText = anyPrevious ? "no earlier value" : "";
  let better = false;
  let worse = false;
  if (k.delta !== null) {
    arrow = k.delta > 0 ? "▲" : k.delta < 0 ? "▼" : "▬";
    deltaText = `${change(k.delta, unit)} vs ${k.previous === null ? "—" : figure(k.previous, unit)}`;
    if (k.target && k.delta !== 0) {
      better = k.target.op === ">=" ? k.delta > 0 : k.delta < 0;
      worse = !better;
    }
  }
  const first = k.series?.find((p) => p.value !== null);
  // Outside the headline a flat line says no more than "unchanged since", in a tenth of the bytes.
  const flat = !headline && k.series !== undefined && k.series.every((p) => p.value === null || p.value === first?.value);
  const spark = flat ? null : sparkline(k.series);
  const ok = k.status === "ok";
  const bad = k.status === "off-target";
  const t = k.threshold;
  const limit = t && (t.level === "critical" ? t.critical : t.level === "warn" ? t.warn : undefined);
  const thresholdText =
    t && limit !== undefined
      ? `${t.level}: ${t.breach} ${figure(limit, unit)}${t.periodsInBreach > 1 ? ` for ${t.periodsInBreach} periods` : ""}${t.periodsInBreach < t.grace ? ` (alerts after ${t.grace})` : ""}`
      : "";
  const source = humanSource(k.source);
  return {
    missing: false as const,
    id: k.id,
    label: k.label,
    value: figure(k.value, unit),
    arrow,
    deltaText,
    hasDelta: deltaText !== "",
    better,
    worse,
    flat: !better && !worse,
    spark,
    sparkText: flat ? "" : sparkText(k.series),
    sparkCaption:
      flat && first && k.series!.length > 1
        ? `unchanged since ${first.period}`
        : spark && first
          ? `since ${first.period}: ${figure(first.value!, unit)}`
          : "",
    ok,
    bad,
    neutral: !ok && !bad,
    statusText: ok ? "on target" : bad ? "off target" : "",
    target,
    thresholdText,
    thresholdCritical: t?.level === "critical",
    thresholdWarn: t?.level === "warn",
    source,
    asOf: k.asOf,
    ref: ref(source, k.asOf),
  };
}

export type KpiTile = ReturnType<typeof kpiTile>;
export type MeasuredTile = Extract<KpiTile, { missing: false }>;
