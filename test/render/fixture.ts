/** A small Report that exercises every part of the templates: each KPI state, every severity, charts, wide tables. */
import { reportSchema, type Report } from "../../src/analyse/report.js";

export function fixtureReport(overrides: Partial<Report> = {}): Report {
  const report: Report = {
    schemaVersion: 1,
    id: "cfo.all.2026-W48",
    role: "cfo",
    title: "CFO report: financial controls and burn",
    period: { label: "2026-W48", start: "2026-11-23T00:00:00.000Z", end: "2026-11-30T00:00:00.000Z" },
    scope: { key: "all", entities: [{ id: "jada", name: "JADA" }, { id: "qdn", name: "QuickDumpNow" }] },
    generatedAt: "2026-11-25T12:00:00.000Z",
    summary: ["2 findings (1 critical, 1 medium).", "Net burn fell to $1,200 a month."],
    kpis: [
      { id: "cash", label: "Cash on hand", unit: "usd", value: 33780.95, source: "data/accounts.yaml", asOf: "2026-11-20", previous: 30000, delta: 3780.95, status: "no-target" },
      { id: "runway", label: "Runway", unit: "months", target: { op: ">=", value: 12 }, value: 9.5, source: "data/accounts.yaml", asOf: "2026-11-25T12:00:00.000Z", previous: 11, delta: -1.5, status: "off-target" },
      { id: "margin", label: "Contribution margin", unit: "pct", target: { op: ">=", value: 40 }, value: 56, source: "data/costs.yaml", asOf: "2026-11-25T12:00:00.000Z", previous: null, delta: null, status: "ok" },
      { id: "nps", label: "Net promoter score", unit: "count", value: null, missing: "no source provides this KPI yet", previous: null, delta: null, status: "missing" },
    ],
    findings: [
      {
        id: "accounting-system:portfolio",
        check: "accounting-system",
        entity: "portfolio",
        severity: "critical",
        title: "No accounting system exists",
        evidence: ["10 accounts on record, none of kind accounting"],
        recommendation: "Open an accounting system.",
        impactUsdPerMonth: null,
        sources: ["data/accounts.yaml"],
      },
      {
        id: "break-even:qdn",
        check: "break-even",
        entity: "qdn",
        severity: "medium",
        title: "QuickDumpNow sells 0 haul jobs a month; break-even is 7",
        evidence: ["$953 fixed ÷ $155 contribution = 7"],
        recommendation: "Add 7 haul jobs a month.",
        impactUsdPerMonth: 1085,
        sources: ["data/costs.yaml + data/revenue.yaml"],
      },
    ],
    actions: [
      {
        fingerprint: "97f3df4f0154312f",
        title: "Portfolio: Open an accounting system",
        priority: "P1",
        rank: 1,
        ownerRole: "cfo",
        entity: "portfolio",
        dueInDays: 7,
        dueDate: "2026-12-07",
        findingIds: ["accounting-system:portfolio"],
        detail: "Open an accounting system.",
        impactUsdPerMonth: null,
        cardUrl: "https://github.com/example-org/exec-reports/issues/12",
      },
      {
        fingerprint: "cc771d0dd9b41dac",
        title: "QuickDumpNow: Add 7 haul jobs a month",
        priority: "P3",
        rank: 2,
        ownerRole: "cmo",
        entity: "qdn",
        dueInDays: 30,
        dueDate: "2026-12-30",
        findingIds: ["break-even:qdn"],
        detail: "Add 7 haul jobs a month.",
        impactUsdPerMonth: 1085,
      },
    ],
    sections: [
      {
        id: "burn-by-month",
        title: "Net burn by month",
        intro: "Expenses minus revenue.",
        columns: [
          { key: "month", label: "Month" },
          { key: "netBurn", label: "Net burn", unit: "usd" },
        ],
        rows: [
          { month: "2026-09", netBurn: 2260.03 },
          { month: "2026-10", netBurn: -400 },
        ],
        chart: { label: "month", value: "netBurn", unit: "usd" },
        source: "data/revenue.yaml + data/expenses.yaml",
      },
      {
        id: "break-even",
        title: "Break-even per entity",
        columns: [
          { key: "entity", label: "Entity" },
          { key: "unit", label: "Unit" },
          { key: "price", label: "Price", unit: "usd" },
          { key: "fixed", label: "Fixed / month", unit: "usd" },
          { key: "sold", label: "Sold / month", unit: "count" },
        ],
        rows: [{ entity: "QuickDumpNow", unit: "haul job", price: 325, fixed: 953, sold: null }],
        source: "data/costs.yaml",
      },
    ],
    sources: [
      { name: "inventory data", ok: true, detail: "15 files" },
      { name: "metrics-file", ok: false, detail: "data/metrics.yaml missing" },
    ],
    ...overrides,
  };
  return reportSchema.parse(report);
}
