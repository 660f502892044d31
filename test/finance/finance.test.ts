import { describe, expect, it } from "vitest";
import { breakEven, variableCostPerUnit } from "../../src/analyse/finance/break-even.js";
import { burnRange, monthlyFlows, runwayMonths } from "../../src/analyse/finance/burn.js";
import { cashPosition } from "../../src/analyse/finance/cash.js";
import { possibleDuplicates, uncategorised, unusual } from "../../src/analyse/finance/expense-audit.js";
import { addMonths, lastCompleteMonth, recentMonthsWithData } from "../../src/analyse/finance/months.js";
import { reconcile } from "../../src/analyse/finance/reconcile.js";
import { cashReceived, deferredAt, type RevenueRecord, recognised, unitsSold } from "../../src/analyse/finance/revenue.js";
import { isoWeekLabel, parsePeriod, weeksBetween } from "../../src/shared/period.js";

describe("period", () => {
  it("maps dates to ISO weeks, including year edges", () => {
    expect(isoWeekLabel(new Date("2026-11-25T12:00:00Z"))).toBe("2026-W48");
    expect(isoWeekLabel(new Date("2027-01-01T00:00:00Z"))).toBe("2026-W53");
    expect(isoWeekLabel(new Date("2024-12-30T00:00:00Z"))).toBe("2025-W01");
  });
  it("parses a week into a half-open UTC window and rejects nonsense", () => {
    expect(parsePeriod("2026-W48")).toMatchObject({
      label: "2026-W48",
      start: "2026-11-23T00:00:00.000Z",
      end: "2026-11-30T00:00:00.000Z",
    });
    expect(() => parsePeriod("2026-48")).toThrow(/month 48 does not exist/);
    expect(() => parsePeriod("W48")).toThrow(/expected YYYY-Www/);
    expect(() => parsePeriod("2025-W53")).toThrow(/does not exist/);
  });
  it("lists the weeks between two reports, across a year end", () => {
    expect(weeksBetween("2026-W45", "2026-W48")).toEqual(["2026-W46", "2026-W47"]);
    expect(weeksBetween("2026-W52", "2027-W02")).toEqual(["2026-W53", "2027-W01"]);
    expect(weeksBetween("2026-W47", "2026-W48")).toEqual([]);
  });
});

describe("months of a period", () => {
  it("knows which months a period has completed, from its exclusive end date", () => {
    expect(lastCompleteMonth(parsePeriod("2026-W48").endDate)).toBe("2026-10");
    expect(lastCompleteMonth(parsePeriod("2026-11").endDate)).toBe("2026-11");
    expect(lastCompleteMonth(parsePeriod("2027-Q1").endDate)).toBe("2027-03");
    expect(addMonths("2026-11", 3)).toBe("2027-02");
    expect(addMonths("2027-01", -1)).toBe("2026-12");
    expect(recentMonthsWithData(["2026-09-05", "2026-10-01", "2026-11-01"], "2026-11-30", 3)).toEqual(["2026-09", "2026-10"]);
    expect(recentMonthsWithData(["2026-09-05", "2026-10-01", "2026-11-01"], "2026-12-01", 3)).toEqual(["2026-09", "2026-10", "2026-11"]);
  });
});

const r = (p: Partial<RevenueRecord> & Pick<RevenueRecord, "id" | "date" | "amount">): RevenueRecord => ({
  entity: "a",
  stream: "s",
  kind: "sale",
  quantity: 1,
  ...p,
});

describe("revenue: recognised versus received", () => {
  const records = [
    r({ id: "dep", kind: "deposit", date: "2026-10-28", serviceDate: "2026-12-12", amount: 500 }),
    r({ id: "bal", kind: "balance", date: "2026-12-12", serviceDate: "2026-12-12", amount: 500 }),
    r({ id: "sale", date: "2026-10-05", amount: 80, quantity: 4, stream: "tickets" }),
    r({ id: "sub", kind: "subscription", date: "2026-10-15", serviceDate: "2026-10-15", serviceEnd: "2026-11-14", amount: 310 }),
  ];
  it("recognises a deposit on its service date, a subscription day by day, a sale when it happens", () => {
    expect(recognised(records, "2026-10-01", "2026-11-01")).toBe(80 + 170);
    expect(recognised(records, "2026-11-01", "2026-12-01")).toBe(140);
    expect(recognised(records, "2026-12-01", "2027-01-01")).toBe(1000);
    expect(cashReceived(records, "2026-10-01", "2026-11-01")).toBe(500 + 80 + 310);
  });
  it("defers only what was received before the date and is not yet earned", () => {
    expect(deferredAt(records, "2026-11-01").map((d) => [d.record.id, d.deferred])).toEqual([
      ["dep", 500],
      ["sub", 140],
    ]);
    // Received on the 28th: not yet held on the 28th (end dates are exclusive), held from the 29th.
    expect(deferredAt(records, "2026-10-28").map((d) => d.record.id)).toEqual(["sub"]);
    expect(deferredAt(records, "2026-10-29").map((d) => d.record.id)).toEqual(["dep", "sub"]);
  });
  it("counts units from quantities of completed sales, per stream, never deposits", () => {
    expect(unitsSold(records, "2026-10-01", "2026-11-01")).toBe(4 + 1);
    expect(unitsSold(records, "2026-10-01", "2026-11-01", ["tickets"])).toBe(4);
    expect(unitsSold(records, "2026-12-01", "2027-01-01")).toBe(1);
  });
});

describe("burn and runway", () => {
  const rev = [r({ id: "a", date: "2026-09-05", amount: 100 }), r({ id: "b", entity: "b", date: "2026-10-05", amount: 50 })];
  const exp = [
    { date: "2026-09-01", entity: "a", amount: 300 },
    { date: "2026-10-01", entity: "a", amount: 250 },
  ];
  it("gives gross burn (cash out) and net burn (cash out − cash in) per month and entity", () => {
    expect(monthlyFlows(rev, exp, ["2026-09", "2026-10"])).toEqual([
      { month: "2026-09", revenue: 100, cashIn: 100, cashOut: 300, grossBurn: 300, netBurn: 200 },
      { month: "2026-10", revenue: 50, cashIn: 50, cashOut: 250, grossBurn: 250, netBurn: 200 },
    ]);
    expect(monthlyFlows(rev, exp, ["2026-10"], "b")[0]!.netBurn).toBe(-50);
  });
  it("gives a range per measure and a runway", () => {
    const rows = monthlyFlows(rev, exp, ["2026-09", "2026-10"]);
    expect(burnRange([], "netBurn")).toBeNull();
    expect(burnRange(rows, "grossBurn")).toMatchObject({ low: 250, high: 300, average: 275 });
    expect(burnRange(rows, "netBurn")).toMatchObject({ low: 200, high: 200, average: 200 });
    expect(runwayMonths(1000, 200)).toBe(5);
    expect(runwayMonths(1000, -5)).toBe(Infinity);
  });
});

describe("cash per entity", () => {
  const accounts = [
    { id: "own", entity: "a", kind: "bank", balance: 1000, balanceAsOf: "2026-11-20" },
    { id: "shared", entity: "hq", kind: "bank", balance: 500, balanceAsOf: "2026-11-18", allocation: { hq: 40, b: 60 } },
    { id: "card", entity: "a", kind: "payments" },
  ];
  it("adds own balances and allocated shares of shared accounts, oldest balance date as of", () => {
    expect(
      cashPosition(accounts, new Set(["a"]), [
        { entity: "a", account: "own" },
        { entity: "a", account: "card" },
      ]),
    ).toMatchObject({
      value: 1000,
    });
    expect(cashPosition(accounts, new Set(["b"]), [{ entity: "b", account: "shared" }])).toMatchObject({ value: 300, asOf: "2026-11-18" });
    expect(cashPosition(accounts, new Set(["a", "b", "hq"]), [])).toMatchObject({ value: 1500 });
  });
  it("is missing, with the reason, for an entity that pays from an account it has no share of: never a false zero", () => {
    const c = cashPosition(accounts, new Set(["c"]), [{ entity: "c", account: "shared" }]);
    expect("missing" in c && c.missing).toMatch(/^c pays from shared \(an account of hq\) with no allocation rule/);
    const gone = cashPosition([], new Set(["c"]), [{ entity: "c", account: "ops" }]);
    expect("missing" in gone && gone.missing).toContain("an account of another entity");
    expect(cashPosition([], new Set(["c"]), [])).toEqual({ missing: "no bank account with a balance in accounts.yaml" });
  });
});

describe("break-even", () => {
  it("adds fixed and percentage variable costs and rounds units up", () => {
    expect(
      variableCostPerUnit(1000, [
        { name: "a", amount: 100 },
        { name: "fee", pctOfPrice: 3 },
      ]),
    ).toBe(130);
    expect(breakEven(1000, [{ name: "a", amount: 100 }], 1800)).toMatchObject({ contribution: 900, unitsPerMonth: 2, contributionPct: 90 });
    expect(breakEven(1000, [{ name: "a", amount: 100 }], 1801).unitsPerMonth).toBe(3);
    expect(breakEven(100, [{ name: "a", amount: 150 }], 10).unitsPerMonth).toBeNull();
  });
});

describe("expense audit", () => {
  const e = (id: string, date: string, amount: number, category = "fuel", vendor = "Dock") => ({
    id,
    entity: "a",
    date,
    category,
    vendor,
    amount,
  });
  it("finds uncategorised items, duplicates within 3 days and outliers over 3× the median", () => {
    const list = [
      e("1", "2026-10-01", 100),
      e("2", "2026-10-03", 100),
      e("3", "2026-10-20", 100),
      e("4", "2026-10-21", 900),
      e("5", "2026-10-22", 10, "Uncategorized"),
    ];
    expect(uncategorised(list).map((x) => x.id)).toEqual(["5"]);
    expect(possibleDuplicates(list).map((g) => g.map((x) => x.id))).toEqual([["1", "2"]]);
    // A chain of same-vendor, same-amount items within the window is one group, not n² pairs.
    const chain = Array.from({ length: 2000 }, (_, i) =>
      e(`c${i}`, new Date(Date.UTC(2026, 0, 1) + i * 86400000).toISOString().slice(0, 10), 42, "fuel", "Chain"),
    );
    expect(possibleDuplicates(chain)).toHaveLength(1);
    expect(possibleDuplicates(chain)[0]).toHaveLength(2000);
    expect(unusual(list).map((x) => x.expense.id)).toEqual(["4"]);
  });
});

describe("reconciliation", () => {
  const bank = (id: string, date: string, amount: number) => ({ id, account: "x", date, amount, description: "" });
  it("matches by account, amount and a 3-day tolerance that crosses month ends", () => {
    const rows = reconcile(
      [
        { id: "b1", account: "x", date: "2026-10-30", amount: -50 },
        { id: "b2", account: "x", date: "2026-10-10", amount: -20 },
      ],
      [bank("t1", "2026-11-02", -50), bank("t2", "2026-10-15", -5)],
      "2026-12-01",
    );
    expect(rows).toEqual([
      {
        account: "x",
        month: "2026-10",
        bookLines: 2,
        bankLines: 1,
        matched: 1,
        unmatchedBooks: ["b2"],
        unmatchedBank: ["t2"],
        inTransit: [],
        difference: 15,
        status: "unreconciled",
      },
      {
        account: "x",
        month: "2026-11",
        bookLines: 0,
        bankLines: 1,
        matched: 0,
        unmatchedBooks: [],
        unmatchedBank: [],
        inTransit: [],
        difference: 0,
        status: "reconciled",
      },
    ]);
  });
  it("matches a split payment (book lines sharing a ref) to one bank line, and leaves lines near the end in transit", () => {
    const rows = reconcile(
      [
        { id: "s1", account: "x", date: "2026-11-10", amount: -100, ref: "inv-7" },
        { id: "s2", account: "x", date: "2026-11-10", amount: -50, ref: "inv-7" },
        { id: "late", account: "x", date: "2026-11-29", amount: -9 },
      ],
      [bank("t", "2026-11-11", -150)],
      "2026-12-01",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ matched: 1, unmatchedBooks: [], inTransit: ["late"], status: "reconciled" });
  });
  it("pairs each bank line once, nearest date first", () => {
    const rows = reconcile(
      [
        { id: "b1", account: "x", date: "2026-10-01", amount: -10 },
        { id: "b2", account: "x", date: "2026-10-04", amount: -10 },
      ],
      [bank("t1", "2026-10-04", -10)],
      "2026-12-01",
    );
    expect(rows[0]).toMatchObject({ matched: 1, unmatchedBooks: ["b1"] });
  });
});
