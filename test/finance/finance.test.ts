import { describe, expect, it } from "vitest";
import { breakEven, variableCostPerUnit } from "../../src/analyse/finance/break-even.js";
import { burnRange, monthlyNet, recentCompleteMonths, runwayMonths } from "../../src/analyse/finance/burn.js";
import { possibleDuplicates, uncategorised, unusual } from "../../src/analyse/finance/expense-audit.js";
import { reconcile } from "../../src/analyse/finance/reconcile.js";
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

describe("burn and runway", () => {
  const rev = [
    { date: "2026-09-05", entity: "a", amount: 100 },
    { date: "2026-10-05", entity: "b", amount: 50 },
  ];
  const exp = [
    { date: "2026-09-01", entity: "a", amount: 300 },
    { date: "2026-10-01", entity: "a", amount: 250 },
    { date: "2026-11-01", entity: "a", amount: 999 },
  ];
  it("nets revenue against expenses per month and entity", () => {
    expect(monthlyNet(rev, exp, ["2026-09", "2026-10"])).toEqual([
      { month: "2026-09", revenue: 100, expenses: 300, netBurn: 200 },
      { month: "2026-10", revenue: 50, expenses: 250, netBurn: 200 },
    ]);
    expect(monthlyNet(rev, exp, ["2026-10"], "b")[0]!.netBurn).toBe(-50);
  });
  it("uses only complete months before the period end", () => {
    expect(recentCompleteMonths([...rev, ...exp], "2026-11-30T00:00:00.000Z", 3)).toEqual(["2026-09", "2026-10"]);
    expect(recentCompleteMonths([...rev, ...exp], "2026-12-01T00:00:00.000Z", 3)).toEqual(["2026-09", "2026-10", "2026-11"]);
  });
  it("gives a range and a runway, infinite when not burning", () => {
    expect(burnRange([])).toBeNull();
    expect(burnRange(monthlyNet(rev, exp, ["2026-09", "2026-10"]))).toMatchObject({ low: 200, high: 200, average: 200 });
    expect(runwayMonths(1000, 200)).toBe(5);
    expect(runwayMonths(1000, -5)).toBe(Infinity);
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
  it("matches lines by account, amount and date tolerance, month by month", () => {
    const books = [
      { id: "b1", account: "x", date: "2026-10-01", amount: -50 },
      { id: "b2", account: "x", date: "2026-10-10", amount: -20 },
    ];
    const bank = [
      { id: "t1", account: "x", date: "2026-10-03", amount: -50, description: "" },
      { id: "t2", account: "x", date: "2026-10-31", amount: -5, description: "fee" },
    ];
    expect(reconcile(books, bank)).toEqual([
      {
        account: "x",
        month: "2026-10",
        bookLines: 2,
        bankLines: 2,
        matched: 1,
        unmatchedBooks: ["b2"],
        unmatchedBank: ["t2"],
        difference: 15,
        status: "unreconciled",
      },
    ]);
    expect(reconcile(books.slice(0, 1), bank.slice(0, 1))[0]!.status).toBe("reconciled");
  });
});
