/** The view model: formatting, grouping and layout choices, no figures computed. */
import { describe, expect, it } from "vitest";
import { buildView, columnKinds, MAX_TABLE_COLUMNS, safeHref } from "../../src/render/view.js";
import { fixtureReport } from "./fixture.js";

describe("buildView", () => {
  const view = buildView(fixtureReport());

  it("shows the period, its inclusive date range and the entity scope", () => {
    expect(view.period).toBe("2026-W48");
    expect(view.periodRange).toBe("2026-11-23 – 2026-11-29");
    expect(view.scopeLabel).toBe("All 2 entities");
    expect(view.scope).toBe("JADA, QuickDumpNow");
    expect(view.preheader).toBe("2026-W48: 1 critical, 1 medium; 2 actions; 1 KPI off target.");
  });

  it("gives KPI tiles a delta arrow judged against the target's direction, and target status", () => {
    const [cash, runway, margin] = view.kpis;
    expect(cash).toMatchObject({
      value: "$33,781",
      arrow: "▲",
      deltaText: "+$3,781 vs $30,000",
      better: false,
      worse: false,
      flat: true,
      neutral: true,
    });
    expect(runway).toMatchObject({
      value: "9.5 mo",
      arrow: "▼",
      deltaText: "−1.5 mo vs 11 mo",
      worse: true,
      bad: true,
      target: "target ≥ 12 mo",
    });
    expect(margin).toMatchObject({ arrow: "", deltaText: "first report, no previous value", ok: true, trend: null });
    expect(runway!.trend).toEqual({ prev: 100, prevRest: 0, now: 86, nowRest: 14 });
  });

  it("keeps missing KPIs apart, never as zero", () => {
    expect(view.missingKpis).toEqual([
      { missing: true, label: "Net promoter score", reason: "no source provides this KPI yet", source: "" },
    ]);
    expect(view.kpis.map((k) => k.label)).not.toContain("Net promoter score");
  });

  it("pairs KPI tiles two to a row and pads an odd row", () => {
    expect(view.kpiRows.map((r) => [r.cells.length, r.filler])).toEqual([
      [2, false],
      [1, true],
    ]);
  });

  it("groups findings by severity in severity order", () => {
    expect(view.findingGroups.map((g) => [g.label, g.count, g.critical, g.medium])).toEqual([
      ["Critical", 1, true, false],
      ["Medium", 1, false, true],
    ]);
  });

  it("numbers each source once, with the oldest as-of time of the KPIs that cite it", () => {
    expect(view.footnotes).toEqual([
      { n: 1, source: "data/accounts.yaml", asOf: "2026-11-20" },
      { n: 2, source: "data/costs.yaml", asOf: "2026-11-25 12:00 UTC" },
      { n: 3, source: "data/costs.yaml + data/revenue.yaml", asOf: "" },
      { n: 4, source: "data/revenue.yaml + data/expenses.yaml", asOf: "" },
    ]);
    expect(view.kpis.map((k) => k.ref)).toEqual([1, 1, 2]);
    expect(view.findingGroups.flatMap((g) => g.items.map((i) => i.refs))).toEqual([[1], [3]]);
    expect(view.sections.map((s) => s.ref)).toEqual([4, 2]);
  });

  it("draws chart bars as percentages of the largest magnitude, marking negatives", () => {
    expect(view.sections[0]!.chart!.bars).toEqual([
      { label: "2026-09", value: "$2,260", width: 100, rest: 0, negative: false },
      { label: "2026-10", value: "−$400", width: 18, rest: 82, negative: true },
    ]);
  });

  it(`lays a section out as a table up to ${MAX_TABLE_COLUMNS} columns, else as one record per row`, () => {
    const [narrow, wide] = view.sections;
    expect(narrow!.table).toBe(true);
    expect(narrow!.rows[0]!.cells).toEqual([
      { text: "2026-09", numeric: false, nowrap: true, words: false, plain: false },
      { text: "$2,260", numeric: true, nowrap: false, words: false, plain: false },
    ]);
    expect(wide!.table).toBe(false);
    expect(wide!.records).toEqual([
      {
        head: "QuickDumpNow",
        headLabel: "Entity",
        fields: [
          { label: "Unit", text: "haul job", last: false },
          { label: "Price", text: "$325", last: false },
          { label: "Fixed / month", text: "$953", last: false },
          { label: "Sold / month", text: "—", last: true },
        ],
      },
    ]);
  });

  it("links actions to their board cards only by http(s) URL; other card references stay text", () => {
    expect(view.actions[0]).toMatchObject({
      href: "https://github.com/example-org/exec-reports/issues/12",
      cardRef: "",
      urgent: true,
      high: false,
      normal: false,
    });
    const local = buildView(fixtureReport(), [{ fingerprint: "cc771d0dd9b41dac", url: "board.json#cc771d0dd9b41dac" }]);
    expect(local.actions[1]).toMatchObject({ href: "", cardRef: "board.json#cc771d0dd9b41dac", normal: true, impact: "$1,085/mo" });
  });
});

describe("safeHref", () => {
  it("accepts http(s) only and encodes what would break an attribute or a Markdown link", () => {
    expect(safeHref("https://github.com/o/r/issues/1")).toBe("https://github.com/o/r/issues/1");
    expect(safeHref('https://example.com/a b"<x>(y)')).toBe("https://example.com/a%20b%22%3Cx%3E%28y%29");
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "board.json#x", "//example.com/x", "", undefined])
      expect(safeHref(bad)).toBe("");
  });
});

describe("columnKinds", () => {
  const col = (label: string, texts: string[], numeric = false) => ({ label, texts, numeric });

  it("keeps a short first column unbroken and other words whole when the table fits a phone", () => {
    expect(columnKinds([col("Code", ["1010"]), col("Account", ["Cash — jada-checking"]), col("Amount", ["$1,234"], true)])).toEqual([
      "nowrap",
      "words",
      "numeric",
    ]);
  });

  it("lets the widest columns break inside words only when 375 px could not hold them", () => {
    const long = "averyveryverylongidentifier-without-spaces";
    expect(
      columnKinds([col("Entity", ["QueenofSanDiego"]), col("Kind", ["repository"]), col("Name", [long]), col("Notes", [long])]),
    ).toEqual(["nowrap", "words", "plain", "plain"]);
  });
});
