/** Changes since the last report, restatements and KPI series, pure. */
import { describe, expect, it } from "vitest";
import { computeChanges, restatements, withSeries } from "../../src/analyse/changes.js";
import { escalationsOf, followUp } from "../../src/analyse/follow-up.js";
import type { KpiHistoryPoint } from "../../src/analyse/memory.js";
import { finding, kpi, report } from "./builder.js";

describe("restatements", () => {
  const kpis = [
    kpi("net-burn", "Net burn", 100),
    kpi("runway", "Runway", 9, { unit: "months" }),
    kpi("count", "Count", 2, { unit: "count" }),
  ];

  it("lists past figures today's data computes differently, beyond rounding, oldest first", () => {
    const history: KpiHistoryPoint[] = [
      { period: "2026-W46", periodStart: "2026-11-09T00:00:00.000Z", values: { "net-burn": 4210, runway: 9.14, count: 3 } },
      { period: "2026-W45", periodStart: "2026-11-02T00:00:00.000Z", values: { "net-burn": 4000.4, runway: 9.5 } },
    ];
    const recomputed: KpiHistoryPoint[] = [
      { period: "2026-W46", periodStart: "2026-11-09T00:00:00.000Z", values: { "net-burn": 4635, runway: 9.16, count: 3 } },
      { period: "2026-W45", periodStart: "2026-11-02T00:00:00.000Z", values: { "net-burn": 4000, runway: 8.9 } },
      { period: "2026-W44", values: { "net-burn": 1 } },
    ];
    expect(restatements(history, recomputed, kpis)).toEqual([
      { kpi: "runway", label: "Runway", unit: "months", period: "2026-W45", reported: 9.5, now: 8.9 },
      { kpi: "net-burn", label: "Net burn", unit: "usd", period: "2026-W46", reported: 4210, now: 4635 },
    ]);
  });
});

describe("withSeries", () => {
  it("gives each KPI its last 12 periods, oldest first, today's recomputation over what was reported", () => {
    const history = Array.from({ length: 14 }, (_, i) => ({
      period: `2026-W${String(33 + i).padStart(2, "0")}`,
      values: { "net-burn": i },
    }));
    const r = withSeries(report("2026-W47", [], [kpi("net-burn", "Net burn", 99)]), history, [
      { period: "2026-W46", values: { "net-burn": 50 } },
    ]);
    const series = r.kpis[0]!.series!;
    expect(series).toHaveLength(12);
    expect(series[0]).toEqual({ period: "2026-W36", value: 3 });
    expect(series.slice(-2)).toEqual([
      { period: "2026-W46", value: 50 },
      { period: "2026-W47", value: 99 },
    ]);
    // With no baseline from analyse, the change is against what the last report said.
    expect(r.kpis[0]).toMatchObject({ previous: 13, delta: 86 });
  });

  it("leaves a report with no history alone", () => {
    const r = report("2026-W47", [], [kpi("a", "A", 1)]);
    expect(withSeries(r, [])).toBe(r);
  });
});

describe("computeChanges", () => {
  const prev = followUp(report("2026-W46", [finding("a", "medium", "A"), finding("b", "high", "B")], []), {});
  const now = followUp(report("2026-W47", [finding("a", "high", "A"), finding("c", "low", "C")], []), { previous: prev });

  it("names new, resolved and worse findings against the previous report", () => {
    expect(computeChanges(now, prev)).toMatchObject({
      previous: { id: "cfo-weekly.2026-W46", period: "2026-W46" },
      new: [{ id: "c:alpha" }],
      resolved: [{ id: "b:alpha" }],
      worse: [{ id: "a:alpha", from: "medium", severity: "high" }],
      escalated: [],
      accepted: [],
    });
  });

  it("says nothing changed for a first report, only restatements", () => {
    expect(computeChanges(prev, null).previous).toBeNull();
    expect(computeChanges(prev, null).new).toEqual([]);
  });

  it("puts what changed in the summary, after the figures and before the counts", () => {
    expect(now.summary.slice(1, 3)).toEqual([
      "Since 2026-W46 (cfo-weekly.2026-W46): 1 new finding, 1 finding resolved, 1 finding worse.",
      "2 findings (1 high, 1 low), 2 actions, 0 of 0 KPIs measured.",
    ]);
  });
});

describe("escalationsOf", () => {
  it("lists a report's open escalated findings for the role that names them all", () => {
    let r = followUp(report("2026-W45", [finding("a", "medium", "A")], [], "cto"), {});
    for (const p of ["2026-W46", "2026-W47", "2026-W48"])
      r = followUp(report(p, [finding("a", "medium", "A")], [], "cto"), { previous: r });
    expect(escalationsOf(r)).toEqual([
      {
        id: "a:alpha",
        title: "A",
        severity: "high",
        entity: "alpha",
        from: "medium",
        periodsOpen: 4,
        openSince: "2026-W45",
        role: "cto",
        reportId: "cto-weekly.2026-W48",
      },
    ]);
    const ceo = followUp(report("2026-W48", [], [], "ceo"), { escalations: escalationsOf(r) });
    expect(ceo.escalations).toHaveLength(1);
  });
});
