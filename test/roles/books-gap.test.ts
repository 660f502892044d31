/**
 * A period before the books begin: the fixture's revenue and expense records start on 2026-12-01, so what October
 * 2026 earned, or what was deferred at the end of 2026-W48, is unknown, never $0. At the fixture's own period the
 * same KPIs are figures.
 */
import { describe, expect, it } from "vitest";
import { fixture, kpi, report, WEEK } from "../fixtures/fixture.js";

const EARLY = "2026-W48"; // last complete month 2026-10; ends 2026-11-30, before the first record

const MONTHLY: [role: "ceo" | "cfo" | "accounting", ids: string[]][] = [
  ["ceo", ["revenue-last-month", "revenue:ledgerly", "revenue:fernhill-books", "utilisation:ledgerly"]],
  ["cfo", ["revenue-recognised-last-month", "cash-received-last-month", "deferred-revenue"]],
  ["accounting", ["deferred-revenue"]],
];
// Counts over the expenses booked by the period's end: with none booked, missing too.
const COUNTS = ["uncategorized-expenses", "possible-duplicates"];

describe("figures for a time before the books", () => {
  it("are missing, naming the first record's date, in every role that reports them", async () => {
    const inv = await fixture();
    for (const [role, ids] of MONTHLY) {
      const r = report(role, inv, { period: EARLY });
      for (const id of ids)
        expect(
          r.kpis.find((k) => k.id === id),
          `${role} ${id}`,
        ).toMatchObject({
          value: null,
          status: "missing",
          missing: expect.stringMatching(/is before the books: the first record in .* is dated 2026-12-01$/),
        });
    }
  });

  it("counts over no booked expense are missing, not 0", async () => {
    const inv = await fixture();
    const early = report("accounting", inv, { period: EARLY });
    for (const id of COUNTS)
      expect(
        early.kpis.find((k) => k.id === id),
        id,
      ).toMatchObject({
        value: null,
        missing: expect.stringMatching(/^no expense records before the end of 2026-W48 in /),
      });
    const later = report("accounting", inv, { period: WEEK });
    for (const id of COUNTS) expect(kpi(later, id), id).not.toBeNull();
  });

  it("are figures once the books reach back to the period", async () => {
    const inv = await fixture();
    for (const [role, ids] of MONTHLY) {
      const r = report(role, inv, { period: WEEK });
      for (const id of ids) expect(kpi(r, id), `${role} ${id}`).not.toBeNull();
    }
  });

  it("a month with expense records but no sale is a real $0, not missing", async () => {
    const inv = await fixture();
    inv.expenses.expenses.push({ ...inv.expenses.expenses[0]!, date: "2026-09-30" });
    const r = report("ceo", inv, { period: EARLY });
    expect(kpi(r, "revenue-last-month")).toBe(0);
  });
});
