/** CSV attachments: RFC 4180 fields, formula injection neutralised, a size budget, none for link-only. */
import { describe, expect, it } from "vitest";
import { csvField, reportCsv, toCsv } from "../../src/render/csv.js";
import { fixtureReport } from "./fixture.js";

describe("csv", () => {
  it("quotes what must be quoted and neutralises formulas", () => {
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField(-2)).toBe("-2");
    expect(csvField(null)).toBe("");
    expect(toCsv(["a", "b"], [[1, "x\ny"]])).toBe('\uFEFFa,b\r\n1,"x\ny"\r\n');
  });

  it("attaches the KPIs, actions, findings and every section, raw numbers and human names", () => {
    const { files, omitted } = reportCsv(fixtureReport());
    expect(files.map((f) => f.filename)).toEqual([
      "cfo-all-2026-w48.kpis.csv",
      "cfo-all-2026-w48.actions.csv",
      "cfo-all-2026-w48.findings.csv",
      "cfo-all-2026-w48.burn-by-month.csv",
      "cfo-all-2026-w48.break-even.csv",
      "cfo-all-2026-w48.reconciliation.csv",
      "cfo-all-2026-w48.assets.csv",
    ]);
    expect(omitted).toEqual([]);
    expect(files[0]!.content).toContain("cash,Cash on hand,usd,33780.95,30000,3780.95,no-target,,data/accounts.yaml,2026-11-20\r\n");
    expect(files[6]!.content).toContain("repository,exec-reports\r\n");
  });

  it("stays inside its budget and names what it left out; a link-only audience gets nothing", () => {
    const { files, omitted } = reportCsv(fixtureReport(), { maxBytes: 700 });
    expect(files.reduce((n, f) => n + Buffer.byteLength(f.content), 0)).toBeLessThanOrEqual(700);
    expect(omitted.length).toBeGreaterThan(0);
    expect(reportCsv(fixtureReport(), { format: "link-only" }).files).toEqual([]);
  });
});
