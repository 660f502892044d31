import { describe, expect, it } from "vitest";
import { findings, fixture, kpi, MONTH, missingReason, report, section } from "../fixtures/fixture.js";

describe("CEO report", () => {
  it("lists every asset across entities with its source", async () => {
    const inv = await fixture();
    const s = section(report("ceo", inv), "asset-inventory");
    const expected =
      inv.portfolio.entities.reduce((a, e) => a + e.domains.length + e.services.length, 0) +
      inv.repos.repos.length +
      inv.listings.listings.length +
      inv.accounts.accounts.length +
      inv.assets.assets.length;
    expect(s.rows).toHaveLength(expected);
    expect(s.source).toContain("fixture/assets.yaml");
  });

  it("flags an empty sales pipeline where sales come through leads, and says where they do not", async () => {
    const inv = await fixture();
    const r = report("ceo", inv);
    expect(findings(r, "sales-pipeline").map((f) => f.entity)).toEqual(["brightside-events"]);
    expect(r.summary).toContain(
      "Sales pipeline not assessed for Fernhill Books (retail: sold without leads), Quietly Tea Club (subscription: sold without leads).",
    );
    // The lost lead does not count.
    expect(kpi(r, "pipeline-value")).toBe(23520);
    inv.pipeline.leads.push({ entity: "brightside-events", name: "Team day", stage: "new", value: 600, created: "2027-03-02" });
    const after = report("ceo", inv);
    expect(findings(after, "sales-pipeline")).toHaveLength(0);
    expect(kpi(after, "pipeline-value")).toBe(24120);
  });

  it("flags missing revenue tracking, and reports the untracked entity's revenue as missing, not zero", async () => {
    const inv = await fixture();
    const r = report("ceo", inv);
    expect(
      findings(r, "revenue-tracking")
        .map((f) => [f.entity, f.severity])
        .sort(),
    ).toEqual([
      ["brightside-events", "medium"],
      ["quietly", "critical"],
    ]);
    expect(kpi(r, "entities-with-revenue-tracking")).toBe(75);
    expect(missingReason(r, "revenue:quietly")).toContain("Quietly Tea Club records no revenue");
    // The events business tracks revenue and sold nothing in February: that zero is true.
    expect(kpi(r, "revenue:brightside-events")).toBe(0);
  });

  it("recognises revenue by service date: subscriptions pro rata, annual plans and deposits deferred", async () => {
    const r = report("ceo", await fixture());
    // February: the Feb subscription ($4,900), 14 of 31 days of a mid-January one ($442.58), a setup fee ($500).
    expect(kpi(r, "revenue:ledgerly")).toBe(5842.58);
    // Web and shop orders and gift cards are all revenue; only orders are units.
    expect(kpi(r, "revenue:fernhill-books")).toBe(5060);
    expect(kpi(r, "revenue-last-month")).toBe(5842.58 + 5060);
    expect(kpi(r, "utilisation:fernhill-books")).toBe(20);
    expect(kpi(r, "utilisation:ledgerly")).toBe(10);
  });

  it("flags key-person risk in unvested co-founder equity until a buy-sell agreement is signed", async () => {
    const inv = await fixture();
    const f = findings(report("ceo", inv), "key-person-equity");
    expect(f.map((x) => [x.entity, x.severity])).toEqual([["ledgerly", "critical"]]);
    inv.equity.agreements = [{ entity: "ledgerly", kind: "buy-sell agreement", signed: true }];
    expect(findings(report("ceo", inv), "key-person-equity")).toHaveLength(0);
  });

  it("counts OTA and marketplace listings and names the first step for each entity with none", async () => {
    const inv = await fixture();
    const r = report("ceo", inv);
    expect(kpi(r, "ota-listings")).toBe(1);
    const f = findings(r, "ota-listings");
    expect(f.map((x) => x.entity).sort()).toEqual(["brightside-events", "ledgerly", "quietly"]);
    expect(f.find((x) => x.entity === "brightside-events")!.recommendation).toBe(
      "List on Eventbrite/Meetup first (7% commission, 1 day to set up).",
    );
  });

  it("finds the funnel stage that converts to zero in the last complete month, in the funnel's own words", async () => {
    const inv = await fixture();
    const r = report("ceo", inv);
    const f = findings(r, "broken-funnel");
    // Ledgerly's March counts (a month not yet complete) are ignored.
    expect(f.map((x) => x.entity)).toEqual(["brightside-events"]);
    expect(f[0]!.title).toBe('Brightside Events: funnel breaks at "sign-ups → paid seats"');
    expect(f[0]!.impactUsdPerMonth).toBe(40 * 120);
    expect(f[0]!.recommendation).not.toMatch(/deposit|charter/i);
    expect(kpi(r, "conversion:ledgerly")).toBe(6);
    expect(missingReason(r, "conversion:quietly")).toContain("no funnel counts for Quietly Tea Club");
    expect(findings(report("ceo", inv, { period: "2027-03" }), "broken-funnel").map((x) => x.entity)).toContain("ledgerly");
  });

  it("derives burn, cash per entity through an allocation rule, and no runway when not burning", async () => {
    const inv = await fixture();
    const r = report("ceo", inv);
    expect(kpi(r, "cash:fernhill-books")).toBe(12000);
    expect(missingReason(r, "cash:quietly")).toMatch(
      /^Quietly Tea Club pays from hq-bank \(an account of Head Office\) with no allocation rule/,
    );
    expect(missingReason(r, "runway")).toMatch(/^no limit: cash in exceeded cash out/);
    expect(findings(r, "burn-monitoring")).toHaveLength(0);
    inv.expenses.expenses.push({
      id: "x-big",
      entity: "ledgerly",
      date: "2027-02-10",
      category: "salaries",
      vendor: "Payroll",
      amount: 40000,
      account: "ledgerly-bank",
      memo: "",
    });
    const after = report("ceo", inv);
    expect(kpi(after, "gross-burn")).toBeCloseTo(kpi(r, "gross-burn")! + 40000 / 3, 1);
    expect(kpi(after, "runway")).toBeGreaterThan(0);
  });

  it("computes customer KPIs from named customers and review ratings from listings, and says what is missing", async () => {
    const inv = await fixture();
    const r = report("ceo", inv, { period: MONTH });
    expect(kpi(r, "repeat-customer-rate")).toBe(66.7);
    expect(kpi(r, "average-review-rating")).toBe(Math.round(((4.6 * 40 + 4.9 * 10) / 50) * 100) / 100);
    expect(missingReason(r, "net-promoter-score")).toBe("needs a customer survey");
    for (const x of inv.revenue.revenue) delete x.customer;
    expect(missingReason(report("ceo", inv), "repeat-customer-rate")).toContain("revenue records carry no customer id");
  });

  it("ranks the agenda by priority, then revenue impact", async () => {
    const r = report("ceo", await fixture());
    const order = r.actions.map((a) => [a.priority, a.impactUsdPerMonth ?? 0] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0].localeCompare(b[0]) || b[1] - a[1]));
  });
});
