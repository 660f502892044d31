import { describe, expect, it } from "vitest";
import { findings, fixture, kpi, MONTH, missingReason, report, section } from "../fixtures/fixture.js";

describe("Accounting report", () => {
  it("derives the chart of accounts from the accounts, streams and categories in use", async () => {
    const inv = await fixture();
    const rows = section(report("accounting", inv), "chart-of-accounts").rows.map((r) => r.name);
    expect(rows.filter((r) => String(r).startsWith("Cash — "))).toHaveLength(3);
    expect(rows).toContain("Revenue — Web orders");
    expect(rows).toContain("Deferred revenue — customer deposits");
    inv.expenses.expenses.push({
      id: "x-new",
      entity: "hq",
      date: "2027-02-02",
      category: "travel",
      vendor: "Rail",
      amount: 10,
      account: "hq-bank",
      memo: "",
    });
    expect(section(report("accounting", inv), "chart-of-accounts").rows.map((r) => r.name)).toContain("Expense — travel");
  });

  it("recognises revenue by stream and lists as deferred only what was received before the period end", async () => {
    const inv = await fixture();
    inv.accounts.accounts = inv.accounts.accounts.filter((a) => a.kind !== "accounting");
    const r = report("accounting", inv, { period: MONTH });
    const workshop = section(r, "revenue-recognition").rows.find((x) => x.entity === "Brightside Events")!;
    expect(workshop.method).toContain("deposit: Deferred revenue (liability) until the service date");
    expect(kpi(r, "deferred-revenue")).toBe(12000);
    const f = findings(r, "revenue-recognition");
    expect(f[0]!.evidence).toEqual([
      "l-2702-y: $11,760 received 2027-02-20 for 2027-03-01",
      "b-2703-d: $240 received 2027-02-26 for 2027-03-20",
    ]);
    expect(f[0]!.recommendation).not.toMatch(/charter/i);
  });

  it("audits expenses: uncategorised, duplicates, outliers, and a breakdown by category per month", async () => {
    const inv = await fixture();
    const add = (id: string, date: string, amount: number, category: string) =>
      inv.expenses.expenses.push({ id, entity: "hq", date, category, vendor: "Office", amount, account: "hq-bank", memo: "" });
    add("u1", "2027-02-03", 20, "uncategorized");
    add("d1", "2027-02-05", 75, "supplies");
    add("d2", "2027-02-06", 75, "supplies");
    add("u2", "2027-03-20", 99, "uncategorized"); // after the period: not yet in these books
    const r = report("accounting", inv);
    expect(kpi(r, "uncategorized-expenses")).toBe(1);
    expect(kpi(r, "possible-duplicates")).toBe(1);
    const cats = section(r, "expenses-by-category");
    expect(cats.columns.map((c) => c.key)).toEqual(["category", "2026-12", "2027-01", "2027-02", "average"]);
    expect(cats.rows.find((x) => x.category === "stock")).toMatchObject({ "2026-12": 3700, "2027-01": 1650, "2027-02": 2500 });
  });

  it("reconciles books to bank across month ends, splits one bank line over a split invoice, names an account without lines", async () => {
    const inv = await fixture();
    const r = report("accounting", inv);
    const rec = section(r, "reconciliation");
    // January's payroll booked on Friday the 29th cleared on Monday 1 February: matched across the month end.
    expect(rec.rows.find((x) => x.account === "ledgerly-bank" && x.month === "2027-01")!.status).toBe("reconciled");
    // February's bookkeeping invoice: two book lines (one ref), one bank line.
    expect(rec.rows.find((x) => x.account === "hq-bank" && x.month === "2027-02")!.status).toBe("reconciled");
    expect(findings(r, "bank-reconciliation").map((f) => [f.id, f.evidence])).toEqual([
      ["bank-reconciliation:ledgerly:ledgerly-bank:2027-03", ["in the bank, not the books: t-l-2703-x"]],
    ]);
    expect(kpi(r, "unreconciled-months")).toBe(1);
    expect(rec.intro).toContain("No statement lines for bright-bank: not reconciled.");
  });

  it("reports unreconciled months as missing, not zero, when there is no bank data", async () => {
    const inv = await fixture();
    inv.bank.transactions = [];
    expect(missingReason(report("accounting", inv), "unreconciled-months")).toMatch(/^no bank statement lines before 2027-03-15/);
  });
});
