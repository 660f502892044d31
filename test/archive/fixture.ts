/** Report JSON fixtures shaped like the audience-era Report (audience, period.kind, headline), for the archive and site tests. */
import { parsePeriod } from "../../src/shared/period.js";

export interface FixtureKpi {
  id: string;
  label: string;
  unit: "usd" | "count" | "pct" | "months" | "days" | "ratio";
  target?: { op: ">=" | "<="; value: number };
}

export const KPIS: FixtureKpi[] = [
  { id: "runway", label: "Runway", unit: "months", target: { op: ">=", value: 12 } },
  { id: "cash", label: "Cash on hand", unit: "usd" },
  { id: "net-burn", label: "Net burn", unit: "usd", target: { op: "<=", value: 0 } },
  { id: "conversion", label: "Site conversion", unit: "pct", target: { op: ">=", value: 2 } },
  { id: "open-findings", label: "Open security findings", unit: "count", target: { op: "<=", value: 0 } },
];

export interface FixtureOptions {
  audience: string;
  label?: string;
  role?: string;
  period: string;
  format?: "full" | "summary" | "link-only";
  /** KPI id → value (null: missing); KPIs not named are left out. */
  values: Record<string, number | null>;
  headline?: string[];
  summary?: string[];
}

/** A Report as the pipeline will archive it once audiences land. */
export function fixtureReport(o: FixtureOptions) {
  const p = parsePeriod(o.period, "UTC");
  const role = o.role ?? o.audience.split("-")[0]!;
  const kpis = KPIS.filter((k) => k.id in o.values).map((k) => {
    const value = o.values[k.id]!;
    if (value === null) return { ...k, value: null, missing: "no data for the period", previous: null, delta: null, status: "missing" };
    const ok = !k.target || (k.target.op === ">=" ? value >= k.target.value : value <= k.target.value);
    return {
      ...k,
      value,
      source: "test fixture",
      asOf: p.startDate,
      previous: null,
      delta: null,
      status: k.target ? (ok ? "ok" : "off-target") : "no-target",
    };
  });
  return {
    schemaVersion: 1,
    id: `${o.audience}.${o.period}`,
    audience: { id: o.audience, label: o.label ?? o.audience.toUpperCase(), format: o.format ?? "full" },
    role,
    roleLabel: role.toUpperCase(),
    title: `${role.toUpperCase()} report`,
    period: { label: p.label, kind: p.kind, start: p.start, end: p.end },
    scope: { key: "all", entities: [{ id: "alpha", name: "Alpha Co" }] },
    generatedAt: p.end,
    headline: o.headline ?? ["runway", "cash", "net-burn"],
    summary: o.summary ?? [`${kpis.length} KPIs for ${p.label}.`],
    kpis,
    findings: [],
    actions: [],
    sections: [],
    sources: [{ name: "fixture", ok: true, detail: "test" }],
  };
}

/** Minimal email HTML and Markdown for a fixture report. */
export function fixtureRendered(r: ReturnType<typeof fixtureReport>) {
  const rows = r.kpis.map((k) => `<tr><th scope="row">${k.label}</th><td>${k.value ?? "—"}</td></tr>`).join("");
  return {
    html: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${r.title} · ${r.period.label}</title></head><body><main><h1>${r.title}</h1><p>${r.summary[0]}</p><table><caption>KPIs</caption><tbody>${rows}</tbody></table></main></body></html>\n`,
    markdown: `# ${r.title} · ${r.period.label}\n\n${r.summary.join("\n\n")}\n\n${r.kpis.map((k) => `- ${k.label}: ${k.value ?? "—"}`).join("\n")}\n`,
  };
}
