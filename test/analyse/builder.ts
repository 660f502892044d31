/** Small Reports as `analyse` would return them (no memory yet), for memory, changes and scenario tests. */
import { actionsFor, scopeNames } from "../../src/analyse/actions.js";
import { type Finding, type Kpi, noChanges, type Report, reportSchema } from "../../src/analyse/report.js";
import { countsLine, figuresLine } from "../../src/analyse/summary.js";
import { parsePeriod } from "../../src/shared/period.js";

const ENTITIES = [
  { id: "alpha", name: "Alpha Co" },
  { id: "beta", name: "Beta Co" },
];

/** A finding of check `check` for entity alpha. */
export function finding(check: string, severity: Finding["severity"], title: string, extra: Partial<Finding> = {}): Finding {
  return {
    id: `${check}:alpha`,
    check,
    entity: "alpha",
    severity,
    title,
    evidence: [`evidence for ${check}`],
    recommendation: `Fix ${check}.`,
    impactUsdPerMonth: null,
    sources: ["data/test.yaml"],
    ...extra,
  };
}

/** A measured KPI. */
export function kpi(id: string, label: string, value: number, extra: Partial<Kpi> = {}): Kpi {
  return {
    id,
    label,
    unit: "usd",
    value,
    source: "data/test.yaml",
    asOf: "2026-11-20T00:00:00.000Z",
    previous: null,
    delta: null,
    status: "no-target",
    ...extra,
  } as Kpi;
}

/** A report for `period` (a week label), as analyse returns it. */
export function report(period: string, findings: Finding[], kpis: Kpi[], role = "cfo"): Report {
  const p = parsePeriod(period);
  const actions = actionsFor(role, findings, p.endDate, scopeNames(ENTITIES));
  const headline = kpis.slice(0, 3).map((k) => k.id);
  return reportSchema.parse({
    schemaVersion: 2,
    id: `${role}-weekly.${period}`,
    role,
    roleLabel: role.toUpperCase(),
    title: `${role.toUpperCase()} report`,
    period: p,
    scope: { key: "all", entities: ENTITIES },
    generatedAt: `${p.endDate}T06:00:00.000Z`,
    headline,
    summary: [figuresLine(kpis, headline), countsLine(findings, actions, kpis)],
    kpis,
    findings,
    actions,
    sections: [],
    sources: [{ name: "inventory data", ok: true, detail: "test" }],
    changes: noChanges(),
    watching: [],
    degraded: [],
    escalations: [],
    names: {},
  });
}
