/** Each audience's KPIs over every archived period: the series behind the README charts and the site's trend pages. */
import type { ArchiveAudience, ArchivedKpi } from "./model.js";
import { headlineOf } from "./model.js";
import type { ArchiveEntry } from "./read.js";

export interface TrendPoint {
  period: string;
  /** null when the report could not measure it, or did not have it. */
  value: number | null;
  status: string;
}

export interface KpiSeries {
  id: string;
  label: string;
  unit: ArchivedKpi["unit"];
  /** The latest report's target. */
  target?: ArchivedKpi["target"];
  /** One point per archived period of the audience, oldest first. */
  points: TrendPoint[];
}

export interface AudienceTrend {
  audience: ArchiveAudience;
  /** Archived periods of this audience, oldest first. */
  periods: string[];
  entries: ArchiveEntry[];
  /** The latest report's headline KPI ids. */
  headline: string[];
  /** Every KPI any of its reports carried: the latest report's order first. */
  series: KpiSeries[];
}

/** Groups archive entries (as readArchive sorts them) by audience, sorted by audience label. */
export function audienceTrends(entries: ArchiveEntry[]): AudienceTrend[] {
  const byAudience = new Map<string, ArchiveEntry[]>();
  for (const e of entries) byAudience.set(e.audience.id, [...(byAudience.get(e.audience.id) ?? []), e]);
  return [...byAudience.values()]
    .map((list) => trendOf(list))
    .sort((a, b) => a.audience.label.localeCompare(b.audience.label) || a.audience.id.localeCompare(b.audience.id));
}

function trendOf(list: ArchiveEntry[]): AudienceTrend {
  const latest = list[list.length - 1]!;
  // The latest report names the audience and orders the KPIs; KPIs dropped since keep their place at the end.
  const ids = [...new Set([...latest.report.kpis, ...list.flatMap((e) => e.report.kpis)].map((k) => k.id))];
  const series = ids.map((id): KpiSeries => {
    const newest = [...list].reverse().find((e) => e.report.kpis.some((k) => k.id === id))!;
    const def = newest.report.kpis.find((k) => k.id === id)!;
    return {
      id,
      label: def.label,
      unit: def.unit,
      ...(def.target ? { target: def.target } : {}),
      points: list.map((e) => {
        const k = e.report.kpis.find((x) => x.id === id);
        return { period: e.period, value: k?.value ?? null, status: k?.status ?? "absent" };
      }),
    };
  });
  return { audience: latest.audience, periods: list.map((e) => e.period), entries: list, headline: headlineOf(latest.report), series };
}
