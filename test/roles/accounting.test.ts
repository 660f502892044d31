import { describe, expect, it } from "vitest";
import { findings, kpi, report } from "../helpers/analyse.js";
import { sampleInventory } from "../helpers/sample.js";

describe("Accounting report", () => {
  it("derives the chart of accounts from the accounts, streams and categories in use", async () => {
    const inv = await sampleInventory();
    const rows = report("accounting", inv).sections.find((s) => s.id === "chart-of-accounts")!.rows;
    expect(rows.filter((r) => String(r.name).startsWith("Cash — "))).toHaveLength(3);
    expect(rows.some((r) => r.name === "Revenue — Sunset cruise tickets")).toBe(true);
    expect(rows.some((r) => r.name === "Expense — uncategorized")).toBe(false);
    inv.expenses.expenses.push({
      id: "e-new",
      entity: "jada",
      date: "2026-11-02",
      category: "dockage",
      vendor: "Port",
      amount: 10,
      account: "jada-checking",
      memo: "",
    });
    const after = report("accounting", inv).sections.find((s) => s.id === "chart-of-accounts")!.rows;
    expect(after.some((r) => r.name === "Expense — dockage")).toBe(true);
  });

  it("recognises deposits as deferred revenue until the service date", async () => {
    const inv = await sampleInventory();
    const r = report("accounting", inv);
    const row = r.sections.find((s) => s.id === "revenue-recognition")!.rows.find((x) => x.entity === "JADA")!;
    expect(row.method).toContain("deposit: Deferred revenue (liability) until the service date");
    expect(row.deferred).toBe(1450);
    expect(findings(r, "revenue-recognition")).toHaveLength(1);
    inv.revenue.revenue = inv.revenue.revenue.filter((x) => x.kind !== "deposit");
    const after = report("accounting", inv);
    expect(kpi(after, "deferred-revenue")).toBe(0);
    expect(findings(after, "revenue-recognition")).toHaveLength(0);
  });

  it("flags uncategorised, duplicate and unusual expenses", async () => {
    const inv = await sampleInventory();
    const r = report("accounting", inv);
    expect(kpi(r, "uncategorized-expenses")).toBe(2);
    expect(kpi(r, "possible-duplicates")).toBe(1);
    expect(
      findings(r, "expense-audit")
        .filter((f) => f.severity === "low")
        .map((f) => f.title),
    ).toEqual(["Unusual maintenance expense e-2610-036: $2,900 (median $380)"]);
    inv.expenses.expenses = inv.expenses.expenses.filter((e) => e.id !== "e-2610-902");
    inv.expenses.expenses.forEach((e) => e.category === "uncategorized" && (e.category = "supplies"));
    const after = report("accounting", inv);
    expect(kpi(after, "uncategorized-expenses")).toBe(0);
    expect(kpi(after, "possible-duplicates")).toBe(0);
  });

  it("keeps a messy ledger to a few findings: 3,000 uncategorised, repeated expenses", async () => {
    const inv = await sampleInventory();
    for (let i = 0; i < 3000; i++) {
      inv.expenses.expenses.push({
        id: `e-bulk-${i}`,
        entity: "quickdumpnow",
        date: `2026-10-${String(1 + (i % 28)).padStart(2, "0")}`,
        category: "uncategorized",
        vendor: "POS PURCHASE",
        amount: 19.99,
        account: "ops-checking",
        memo: "",
      });
    }
    const r = report("accounting", inv);
    expect(kpi(r, "uncategorized-expenses")).toBe(3002);
    const audit = findings(r, "expense-audit");
    expect(audit.filter((f) => f.title.startsWith("3001 uncategorised expenses"))).toHaveLength(1);
    expect(audit.find((f) => f.id === "expense-audit:quickdumpnow:e-bulk-0")!.title).toMatch(
      /^Possible duplicates: 3000 expenses of \$19\.99 at POS PURCHASE \(e-bulk-0 … e-bulk-\d+\)$/,
    );
    expect(audit.length).toBeLessThan(10);
  });

  it("reconciles books to bank month by month and names the unmatched lines", async () => {
    const inv = await sampleInventory();
    const r = report("accounting", inv);
    const rec = r.sections.find((s) => s.id === "reconciliation")!.rows;
    expect(rec.find((x) => x.account === "jada-checking" && x.month === "2026-09")!.status).toBe("reconciled");
    const oct = findings(r, "bank-reconciliation").find((f) => f.id.endsWith("jada-checking:2026-10"))!;
    expect(oct.evidence).toEqual(["in the bank, not the books: b-fee-2610"]);
    expect(kpi(r, "unreconciled-months")).toBe(4);
    inv.expenses.expenses.push({
      id: "e-fee",
      entity: "jada",
      date: "2026-10-31",
      category: "bank fees",
      vendor: "Bank",
      amount: 35,
      account: "jada-checking",
      memo: "",
    });
    const after = report("accounting", inv);
    expect(findings(after, "bank-reconciliation").some((f) => f.id.endsWith("jada-checking:2026-10"))).toBe(false);
    expect(kpi(after, "unreconciled-months")).toBe(3);
  });
});
