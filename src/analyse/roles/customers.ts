/** Customer KPIs from revenue records that name their customer, and the review rating from listings. */
import { check, type KpiResult } from "../check.js";
import { sum } from "../finance/money.js";
import { recognised } from "../finance/revenue.js";

export const customerKpis = check({
  id: "customers",
  needs: ["revenue"],
  kpis: ["repeat-customer-rate", "customer-lifetime-value"],
  run({ revenue }, ctx) {
    const end = ctx.snapshot.period.endDate;
    const records = revenue.revenue.filter((r) => r.date < end);
    const named = records.filter((r) => r.customer !== undefined);
    if (!named.length) {
      const why = `revenue records carry no customer id (add customer: to the records in ${ctx.source("revenue")})`;
      return { kpis: ["repeat-customer-rate", "customer-lifetime-value"].map((id): KpiResult => ({ id, missing: why })) };
    }
    // A customer repeats when they paid on two or more different dates for completed sales (deposits excluded).
    const dates = new Map<string, Set<string>>();
    for (const r of named.filter((x) => x.kind !== "deposit")) dates.set(r.customer!, (dates.get(r.customer!) ?? new Set()).add(r.date));
    const customers = new Set(named.map((r) => r.customer!));
    const repeat = [...dates.values()].filter((d) => d.size > 1).length;
    const src = `${ctx.source("revenue")} (${customers.size} named customers${named.length < records.length ? `; ${records.length - named.length} records without a customer left out` : ""})`;
    const asOf = ctx.asOf("revenue");
    return {
      kpis: [
        { id: "repeat-customer-rate", value: Math.round((repeat / customers.size) * 1000) / 10, source: src, asOf },
        { id: "customer-lifetime-value", value: Math.round(recognised(named, "0000-01-01", end) / customers.size), source: src, asOf },
      ],
    };
  },
});

export const reviewRating = check({
  id: "review-rating",
  needs: ["listings"],
  kpis: ["average-review-rating"],
  run({ listings }, ctx) {
    const rated = listings.listings.filter((l) => l.status === "listed" && l.rating !== undefined);
    if (!rated.length)
      return {
        kpis: [
          {
            id: "average-review-rating",
            missing: `no live listing records a rating (add rating: and reviews: to ${ctx.source("listings")})`,
          },
        ],
      };
    // Weighted by review count where known, so one review does not weigh as much as a hundred.
    const w = rated.map((l) => Math.max(1, l.reviews ?? 1));
    const value = sum(rated.map((l, i) => l.rating! * w[i]!)) / sum(w);
    return {
      kpis: [
        {
          id: "average-review-rating",
          value: Math.round(value * 100) / 100,
          source: `${ctx.source("listings")} (${rated.length} rated listings)`,
          asOf: ctx.asOf("listings"),
        },
      ],
    };
  },
});
