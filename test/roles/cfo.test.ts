import { describe, expect, it } from "vitest";
import { scopeSnapshot } from "../../src/collect/collect.js";
import { findings, fixture, kpi, MONTH, missingReason, report, section, snapshotOf } from "../fixtures/fixture.js";

describe("CFO report", () => {
  it("sums cash over bank accounts in scope, shared ones through their allocation, oldest balance date as of", async () => {
    const inv = await fixture();
    const r = report("cfo", inv);
    expect(kpi(r, "cash")).toBe(52000 + 1800 + 20000);
    const cash = r.kpis.find((k) => k.id === "cash")!;
    expect(cash.status !== "missing" && cash.asOf).toBe("2027-03-10");
    expect(kpi(r, "cash:fernhill-books")).toBe(12000);
    inv.accounts.accounts.find((a) => a.id === "hq-bank")!.balance = 10000;
    expect(kpi(report("cfo", inv), "cash:fernhill-books")).toBe(6000);
  });

  it("scoped to an entity paid from a shared account without a share: cash and runway missing, no runway finding", async () => {
    const inv = await fixture();
    const scoped = scopeSnapshot(snapshotOf(inv, { period: MONTH }), ["quietly"]);
    const r = report("cfo", scoped);
    expect(missingReason(r, "cash")).toContain("Quietly Tea Club pays from hq-bank (an account of another entity) with no allocation rule");
    expect(missingReason(r, "runway")).toMatch(/^cash unknown|^cash in unknown/);
    expect(findings(r, "burn")).toHaveLength(0);
    // Scoped to the bookshop, the shared account stays in view through its allocation.
    const shop = report("cfo", scopeSnapshot(snapshotOf(inv, { period: MONTH }), ["fernhill-books"]));
    expect(kpi(shop, "cash")).toBe(12000);
  });

  it("reports gross burn (cash out) and net burn (cash out − cash in) over the last three complete months", async () => {
    const inv = await fixture();
    const r = report("cfo", inv);
    const months = section(r, "burn-by-month").rows;
    expect(months.map((m) => m.month)).toEqual(["2026-12", "2027-01", "2027-02"]);
    const out = months.map((m) => m.cashOut as number);
    expect(kpi(r, "burn-low")).toBe(Math.min(...out));
    expect(kpi(r, "burn-high")).toBe(Math.max(...out));
    expect(kpi(r, "net-burn")).toBeCloseTo(months.reduce((a, m) => a + (m.netBurn as number), 0) / 3, 1);
    // February: the annual plan paid on the 20th is cash in, not revenue.
    expect(kpi(r, "cash-received-last-month")).toBe(4900 + 11760 + 500 + 2280 + 2280 + 500 + 240);
    expect(kpi(r, "revenue-recognised-last-month")).toBe(5842.58 + 5060);
    expect(missingReason(r, "runway")).toMatch(/^no limit/);
  });

  it("flags a short runway once burning, and stays quiet when cash covers a year", async () => {
    const inv = await fixture();
    inv.expenses.expenses.push({
      id: "x-burn",
      entity: "ledgerly",
      date: "2027-01-20",
      category: "salaries",
      vendor: "Payroll",
      amount: 120000,
      account: "ledgerly-bank",
      memo: "",
    });
    const f = findings(report("cfo", inv), "burn");
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe("critical");
    inv.accounts.accounts.forEach((a) => a.kind === "bank" && (a.balance = 1_000_000));
    expect(findings(report("cfo", inv), "burn")).toHaveLength(0);
  });

  it("computes break-even per selling entity in its own unit, with units sold from quantities in the unit's streams", async () => {
    const inv = await fixture();
    const r = report("cfo", inv);
    // Books: $1,800 fixed ÷ ($38 − 55% − $1.50) = 1,800 ÷ 15.60 → 116 orders.
    expect(kpi(r, "break-even:fernhill-books")).toBe(116);
    expect(r.kpis.find((k) => k.id === "break-even:fernhill-books")!.label).toBe("Fernhill Books break-even orders");
    const row = section(r, "break-even").rows.find((x) => x.entity === "Fernhill Books")!;
    // Dec 180, Jan 80, Feb 60 + 60 orders; gift cards are revenue but not orders.
    expect(row.sold).toBe(Math.round(((180 + 80 + 120) / 3) * 10) / 10);
    expect(findings(r, "break-even").map((f) => f.entity)).toEqual(["brightside-events"]);
    expect(findings(r, "break-even")[0]!.title).toBe("Brightside Events sells 3.3 workshop seats a month; break-even is 10");
    inv.costs.unitEconomics.find((u) => u.entity === "brightside-events")!.price = 300;
    expect(kpi(report("cfo", inv), "break-even:brightside-events")).toBe(Math.ceil(500 / (300 - 65)));
  });

  it("dates a roadmap from the period end, months named from data, untracked entities left out and said so", async () => {
    const inv = await fixture();
    inv.accounts.accounts = inv.accounts.accounts.filter((a) => a.kind !== "accounting");
    const s = section(report("cfo", inv, { period: MONTH }), "roadmap");
    expect(s.rows[0]).toMatchObject({
      date: "2027-03-15",
      milestone: "Accounting system live; revenue recorded for Quietly Tea Club; Dec 2026–Feb 2027 books closed",
    });
    expect(s.rows.map((r) => r.date)).toEqual([...s.rows.map((r) => r.date)].sort());
    expect(s.rows.at(-1)!.milestone).toBe("Portfolio cash-flow positive for a full month");
    expect(s.rows.some((r) => String(r.milestone).startsWith("Brightside Events at break-even: 10 workshop seats a month"))).toBe(true);
    expect(s.intro).toContain("Quietly Tea Club has no break-even date until its sales are recorded");
    const week = section(report("cfo", inv), "roadmap");
    expect(week.rows[0]!.date).toBe("2027-03-29");
  });

  it("finds no accounting system only when there is none, and then proposes a chart of accounts", async () => {
    const inv = await fixture();
    expect(findings(report("cfo", inv), "accounting-system")).toHaveLength(0);
    inv.accounts.accounts = inv.accounts.accounts.filter((a) => a.kind !== "accounting");
    const r = report("cfo", inv);
    expect(findings(r, "accounting-system")[0]!.severity).toBe("critical");
    const chart = section(r, "proposed-chart-of-accounts").rows.map((c) => c.name);
    expect(chart).toContain("Revenue — Subscriptions");
    expect(chart).toContain("Expense — stock");
  });

  it("holds cash received before the period end for later services as deferred revenue", async () => {
    const inv = await fixture();
    // Feb (end 2027-03-01): the annual plan and a workshop deposit; the deposit of 2027-03-16 is not yet received.
    expect(kpi(report("cfo", inv, { period: MONTH }), "deferred-revenue")).toBe(11760 + 240);
    expect(kpi(report("cfo", inv), "deferred-revenue")).toBe(14237.26);
  });
});
