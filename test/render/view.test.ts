/** The view model: formatting, grouping and layout choices, no figures computed. */
import { describe, expect, it } from "vitest";
import { noChanges } from "../../src/analyse/report.js";
import { humaniser, ledgerMoney } from "../../src/render/display.js";
import { buildView, columnKinds, safeHref } from "../../src/render/view.js";
import { sparkline, sparkText } from "../../src/render/view-kpis.js";
import { signedBar } from "../../src/render/view-sections.js";
import { fixtureReport } from "./fixture.js";

describe("buildView", () => {
  const view = buildView(fixtureReport());

  it("shows the period, its inclusive date range and the entity scope", () => {
    expect(view.period).toBe("2026-W48");
    expect(view.periodRange).toBe("2026-11-23 – 2026-11-29");
    expect(view.scopeLabel).toBe("All 2 entities");
    expect(view.scope).toBe("JADA, QuickDumpNow");
    expect(view.scopeAll).toBe(true);
    expect(view.preheader).toMatch(/^2 findings .*1 critical, 1 medium; 1 action\.$/);
  });

  it("puts the headline KPIs first, in the role's order, a missing one as a tile that says so", () => {
    expect(view.headline.map((k) => [k.label, k.measured])).toEqual([
      ["Runway", true],
      ["Cash on hand", true],
      ["Net promoter score", false],
    ]);
    expect(view.headlineRows.map((r) => [r.cells.length, r.filler])).toEqual([
      [2, false],
      [1, true],
    ]);
    // The rest of the KPIs follow, missing ones listed apart (never as zero).
    expect(view.kpis.map((k) => k.label)).toEqual(["Contribution margin"]);
    expect(view.missingKpis).toEqual([]);
  });

  it("gives tiles whole dollars, a delta judged against the target's direction, and threshold state", () => {
    const [runway, cash] = view.headline;
    expect(cash).toMatchObject({ value: "$33,781", arrow: "▲", deltaText: "+$3,781 vs $30,000", flat: true, neutral: true });
    expect(runway).toMatchObject({
      value: "9.5 mo",
      arrow: "▼",
      deltaText: "−1.5 mo vs 11 mo",
      worse: true,
      bad: true,
      target: "target ≥ 12 mo",
      thresholdText: "warn: below 12 mo for 2 periods",
      thresholdWarn: true,
    });
    const [margin] = view.kpis;
    expect(margin).toMatchObject({ deltaText: "no earlier value", ok: true, spark: null, sparkText: "" });
  });

  it("draws each KPI's trend as bars in px, a gap for an unmeasured period, losses below the line", () => {
    const runway = view.headline[0]!;
    expect(runway.spark).toMatchObject({ signed: false, top: 22 });
    expect(runway.spark!.bars.map((b) => [b.up, b.none, b.now])).toEqual([
      [22, false, false],
      [0, true, false],
      [19, false, false],
      [17, false, true],
    ]);
    expect(runway.sparkText).toBe("█ ▅▁");
    expect(runway.sparkCaption).toBe("since 2026-W45: 12.5 mo");
    const cash = view.headline[1]!;
    expect(cash.spark).toMatchObject({ signed: true, top: 21, bottom: 1 });
    expect(cash.spark!.bars[0]).toMatchObject({ up: 0, down: 1 });
  });

  it("says what changed since the last report, naming it, and a first report once", () => {
    expect(view.changes.since).toBe("Since 2026-W47 (report cfo.all.2026-W47, 2026-11-18 12:00 UTC)");
    expect(view.changes.lines.map((l) => `${l.tag}: ${l.text}`)).toEqual([
      "New: QuickDumpNow sells 0 haul jobs a month; break-even is 7 (medium)",
      "Worse: Margin slipped (medium → high)",
      "Escalated: No accounting system exists (high → critical after 5 periods open)",
      "Off target: Runway: 12.4 mo → 9.5 mo (target ≥ 12 mo)",
      "Resolved: Bank feed is missing",
      "Accepted: QuickDumpNow sells 0 haul jobs a month; break-even is 7: risk accepted by octo-cfo on 2026-11-20",
      "Restated: 2026-W46 net burn was reported as $4,210; the books now say $4,635.",
    ]);
    const first = buildView(fixtureReport({ changes: noChanges() }));
    expect(first.changes).toMatchObject({ first: true, since: "First report for this audience: nothing to compare with yet." });
    expect(first.changes.lines).toEqual([]);
  });

  it("opens with a banner per failed or stale source, naming the figures it affects", () => {
    expect(view.banners.map((b) => [b.headline, b.failed, b.affects])).toEqual([
      ["metrics-file failed", true, "Affects: Net promoter score."],
      ["data/accounts.yaml is out of date", false, "Affects: Cash on hand."],
    ]);
  });

  it("ranks open actions first and lists accepted risks apart, with who and when", () => {
    expect(view.topActions.map((a) => a.title)).toEqual(["Portfolio: Open an accounting system"]);
    expect(view.topActions[0]).toMatchObject({ escalated: "escalated from high", open: "open 5 periods", urgent: true });
    expect(view.accepted).toEqual([
      { title: "QuickDumpNow sells 0 haul jobs a month; break-even is 7", detail: "risk accepted by octo-cfo on 2026-11-20" },
    ]);
    expect(view.escalations).toEqual([
      { role: "CTO", title: "Secrets committed to a repository", detail: "high → critical, open since 2026-W45 (4 periods)" },
    ]);
    expect(view.watching).toEqual([{ title: "Unusual fuel expense", detail: "seen 1 of 2 periods before it alerts" }]);
  });

  it("groups findings by severity with their memory", () => {
    expect(view.findingGroups.map((g) => [g.label, g.count, g.items[0]!.memory])).toEqual([
      ["Critical", 1, "open since 2026-W44 (5 periods) · escalated from high after 5 periods"],
      ["Medium", 1, "open since 2026-W40 (9 periods) · risk accepted by octo-cfo on 2026-11-20"],
    ]);
  });

  it("numbers each source once, by its human name, with the oldest as-of time of the KPIs that cite it", () => {
    expect(view.footnotes.map((f) => [f.n, f.source, f.asOf])).toEqual([
      [1, "data/accounts.yaml", "2026-11-20"],
      [2, "data/costs.yaml", "2026-11-25 12:00 UTC"],
      [3, "data/costs.yaml + data/revenue.yaml", ""],
      [4, "data/revenue.yaml + data/expenses.yaml", ""],
      [5, "data/bank.yaml", ""],
      [6, "data/repos.yaml + exec-reports (local clone)", ""],
    ]);
  });

  it("draws a two-column section as a chart alone, with losses to the left of the axis", () => {
    const burn = view.sections[0]!;
    expect(burn.table).toBe(false);
    expect(burn.chart!.bars).toEqual([
      { label: "2026-09", value: "$2,260.03", signed: true, neg: 0, negRest: 50, pos: 50, posRest: 0 },
      { label: "2026-10", value: "−$400.00", signed: true, neg: 9, negRest: 41, pos: 0, posRest: 50 },
    ]);
  });

  it("keeps narrow tables as tables on a phone and stacks wide ones into one record per row", () => {
    const [, wide, recon, assets] = view.sections;
    expect(wide!).toMatchObject({ table: true, stack: true, fixed: false });
    expect(wide!.rows[0]!.cells.map((c) => [c.label, c.text, c.head])).toEqual([
      ["Entity", "QuickDumpNow", true],
      ["Unit", "haul job", false],
      ["Price", "$325", false],
      ["Fixed / month", "$953", false],
      ["Sold / month", "—", false],
    ]);
    expect(recon!).toMatchObject({ stack: false, fixed: true });
    // Cents on every row of a ledger column that has cents; a status that needs attention stands out.
    expect(recon!.rows.map((r) => r.cells.map((c) => (c.alarm ? `!${c.text}` : c.text)))).toEqual([
      ["ops-checking", "$0.00", "reconciled"],
      ["qdn-checking", "$250.50", "!unreconciled"],
    ]);
    // A raw clone path shows as the repository's name.
    expect(assets!.rows[0]!.cells.map((c) => c.text)).toEqual(["repository", "exec-reports"]);
  });

  it("turns a wide matrix so its long side runs down the page", () => {
    const matrix = buildView(
      fixtureReport({
        sections: [
          {
            id: "m",
            title: "Matrix",
            columns: [
              { key: "entity", label: "Entity" },
              ...["a", "b", "c", "d", "e", "f", "g"].map((k) => ({ key: k, label: k.toUpperCase() })),
            ],
            rows: [
              { entity: "One", a: "listed", b: "absent", c: "n/a", d: "n/a", e: "n/a", f: "n/a", g: "n/a" },
              { entity: "Two", a: "absent", b: "listed", c: "n/a", d: "n/a", e: "n/a", f: "n/a", g: "planned" },
            ],
            source: "data/listings.yaml",
          },
        ],
      }),
    ).sections[0]!;
    expect(matrix.columns.map((c) => c.label)).toEqual(["Entity →", "One", "Two"]);
    expect(matrix.rows.map((r) => r.cells.map((c) => c.text))[6]).toEqual(["G", "n/a", "planned"]);
    // Plain text keeps the rows as given.
    expect(matrix.records[0]!.head).toBe("One");
  });

  it("links the footer to the run, the board and the archive when configured, http(s) only", () => {
    const v = buildView(fixtureReport(), {
      links: { run: "https://github.com/o/r/actions/runs/1", board: "javascript:alert(1)", archive: "https://reports.example.com/" },
    });
    expect(v.links).toEqual([
      { label: "Run", href: "https://github.com/o/r/actions/runs/1" },
      { label: "Archive", href: "https://reports.example.com/" },
    ]);
    expect(v.fullReport).toBe("https://reports.example.com/");
  });

  it("links actions to their board cards only by http(s) URL; other card references stay text", () => {
    expect(view.topActions[0]).toMatchObject({ href: "https://github.com/example-org/exec-reports/issues/12", cardRef: "" });
    const r = fixtureReport();
    r.actions[1]!.acknowledged = undefined;
    const local = buildView(r, { cards: [{ fingerprint: "cc771d0dd9b41dac", url: "board.json#cc771d0dd9b41dac" }] });
    expect(local.actions[1]).toMatchObject({ href: "", cardRef: "board.json#cc771d0dd9b41dac", normal: true, impact: "$1,085/mo" });
  });
});

describe("display helpers", () => {
  it("names raw identifiers and composite sources by the report's names", () => {
    const h = humaniser({ "..": "exec-reports", "git clone .": "exec-reports (local clone)" });
    expect(h("..")).toBe("exec-reports");
    expect(h("data/repos.yaml (recorded file list) + data/repos.yaml (recorded file list) + git clone .")).toBe(
      "data/repos.yaml (recorded file list) + exec-reports (local clone)",
    );
    expect(h("../other")).toBe("local folder ../other");
    expect(h("Booking API")).toBe("Booking API");
  });

  it("formats a ledger column with cents on every row only when one row has cents", () => {
    expect([4929, 363.8].map(ledgerMoney([4929, 363.8]))).toEqual(["$4,929.00", "$363.80"]);
    expect([4929, -13].map(ledgerMoney([4929, -13]))).toEqual(["$4,929", "−$13"]);
  });

  it("draws signed bars as halves around an axis, and one-sided bars at full width", () => {
    expect(signedBar(-50, 100, true)).toEqual({ signed: true, neg: 25, negRest: 25, pos: 0, posRest: 50 });
    expect(signedBar(100, 100, true)).toEqual({ signed: true, neg: 0, negRest: 50, pos: 50, posRest: 0 });
    expect(signedBar(30, 100, false)).toEqual({ signed: false, pos: 30, posRest: 70, neg: 0, negRest: 0 });
  });

  it("needs two values for a sparkline; text blocks scale from the lowest to the highest", () => {
    expect(sparkline([{ period: "a", value: 1 }])).toBeNull();
    expect(sparkText([1, 2, 3, 4, 5, 6, 7, 8].map((value, i) => ({ period: String(i), value })))).toBe("▁▂▃▄▅▆▇█");
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
