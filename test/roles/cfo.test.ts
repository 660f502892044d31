import { describe, expect, it } from "vitest";
import { findings, kpi, report } from "../helpers/analyse.js";
import { sampleInventory } from "../helpers/sample.js";

describe("CFO report", () => {
  it("sums cash from bank balances and takes the oldest balance date as as-of", async () => {
    const inv = await sampleInventory();
    const r = report("cfo", inv);
    expect(kpi(r, "cash")).toBe(33780.95);
    const k = r.kpis.find((x) => x.id === "cash")!;
    expect(k.status !== "missing" && k.asOf).toBe("2026-11-20");
    inv.accounts.accounts.find((a) => a.id === "ops-checking")!.balance = 1000;
    expect(kpi(report("cfo", inv), "cash")).toBeCloseTo(33780.95 - 6210.4 + 1000, 2);
  });

  it("reports burn as a range over the last three complete months, with a runway", async () => {
    const inv = await sampleInventory();
    const r = report("cfo", inv);
    const months = r.sections.find((s) => s.id === "burn-by-month")!.rows;
    expect(months.map((m) => m.month)).toEqual(["2026-08", "2026-09", "2026-10"]);
    const burns = months.map((m) => m.netBurn as number);
    expect(kpi(r, "burn-low")).toBe(Math.min(...burns));
    expect(kpi(r, "burn-high")).toBe(Math.max(...burns));
    const avg = burns.reduce((a, b) => a + b, 0) / 3;
    expect(kpi(r, "runway")).toBeCloseTo(Math.round((33780.95 / avg) * 10) / 10, 5);
    // A new $3,000 expense in September raises that month's burn and shortens the runway.
    inv.expenses.expenses.push({
      id: "e-test",
      entity: "jada",
      date: "2026-09-10",
      category: "maintenance",
      vendor: "Yard",
      amount: 3000,
      account: "jada-checking",
      memo: "",
    });
    const after = report("cfo", inv);
    const sep = after.sections.find((s) => s.id === "burn-by-month")!.rows.find((m) => m.month === "2026-09")!;
    expect(sep.netBurn).toBeCloseTo((months.find((m) => m.month === "2026-09")!.netBurn as number) + 3000, 2);
    expect(kpi(after, "runway")!).toBeLessThan(kpi(r, "runway")!);
  });

  it("flags a short runway and stays quiet when cash covers a year", async () => {
    const inv = await sampleInventory();
    inv.accounts.accounts.filter((a) => a.kind === "bank").forEach((a) => (a.balance = 2000));
    const f = findings(report("cfo", inv), "burn");
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe("critical");
    inv.accounts.accounts.filter((a) => a.kind === "bank").forEach((a) => (a.balance = 100000));
    expect(findings(report("cfo", inv), "burn")).toHaveLength(0);
  });

  it("computes break-even charters from fixed costs and contribution, and follows a price change", async () => {
    const inv = await sampleInventory();
    const r = report("cfo", inv);
    // $3,035 fixed ÷ ($1,450 − $220 − $180 − $60 − $90 − 2.9% × $1,450) = 3,035 ÷ 857.95 → 4 charters.
    expect(kpi(r, "break-even-jada")).toBe(4);
    const jada = findings(r, "break-even").find((f) => f.entity === "jada")!;
    expect(jada.title).toBe("JADA sells 3.3 charters a month; break-even is 4");
    inv.costs.unitEconomics.find((u) => u.entity === "jada")!.price = 3000;
    const after = report("cfo", inv);
    expect(kpi(after, "break-even-jada")).toBe(2);
    expect(findings(after, "break-even").find((f) => f.entity === "jada")).toBeUndefined();
    inv.costs.fixed.push({ entity: "jada", name: "New slip", monthly: 5000 });
    expect(kpi(report("cfo", inv), "break-even-jada")).toBe(Math.ceil(8035 / (3000 - 550 - 87)));
  });

  it("finds that no accounting system exists and proposes a chart of accounts", async () => {
    const inv = await sampleInventory();
    const r = report("cfo", inv);
    expect(findings(r, "accounting-system")[0]!.severity).toBe("critical");
    const chart = r.sections.find((s) => s.id === "proposed-chart-of-accounts")!.rows;
    expect(chart.some((c) => c.name === "Deferred revenue — customer deposits")).toBe(true);
    expect(chart.some((c) => c.name === "Expense — fuel")).toBe(true);
    inv.accounts.accounts.push({ id: "books", entity: "shared-ops", kind: "accounting", provider: "Ledger", purpose: "Books" });
    const after = report("cfo", inv);
    expect(findings(after, "accounting-system")).toHaveLength(0);
    expect(after.sections.find((s) => s.id === "proposed-chart-of-accounts")).toBeUndefined();
  });

  it("lays out a dated milestone roadmap to profitability", async () => {
    const inv = await sampleInventory();
    const rows = report("cfo", inv).sections.find((s) => s.id === "roadmap")!.rows;
    expect(rows.map((r) => r.date)).toEqual([...rows.map((r) => r.date)].sort());
    expect(rows.at(-1)!.milestone).toBe("Portfolio cash-flow positive for a full month");
    expect(rows.some((r) => String(r.milestone).startsWith("JADA at break-even: 4 charters"))).toBe(true);
  });

  it("drops an entity's break-even milestone once it sells enough", async () => {
    const inv = await sampleInventory();
    // October, the last complete month: 1 sale on record + 3 = break-even (4).
    for (let i = 0; i < 3; i++) {
      inv.revenue.revenue.push({
        id: `r-qsd-${i}`,
        entity: "queenofsandiego",
        stream: "Sunset cruise tickets",
        kind: "sale",
        date: `2026-10-0${i + 1}`,
        amount: 880,
        account: "qsd-checking",
      });
    }
    const rows = report("cfo", inv).sections.find((s) => s.id === "roadmap")!.rows;
    expect(rows.some((r) => String(r.milestone).startsWith("QueenofSanDiego at break-even"))).toBe(false);
    expect(rows.some((r) => String(r.milestone).startsWith("JADA at break-even"))).toBe(true);
  });

  it("holds deposits for later services as deferred revenue", async () => {
    const inv = await sampleInventory();
    expect(kpi(report("cfo", inv), "deferred-revenue")).toBe(1450);
    inv.revenue.revenue.push({
      id: "r-test",
      entity: "jada",
      stream: "Private charter",
      kind: "deposit",
      date: "2026-11-24",
      serviceDate: "2027-01-10",
      amount: 500,
      account: "jada-checking",
    });
    expect(kpi(report("cfo", inv), "deferred-revenue")).toBe(1950);
  });
});
