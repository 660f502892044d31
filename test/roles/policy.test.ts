import { describe, expect, it } from "vitest";
import type { KpiResult } from "../../src/analyse/check.js";
import { expandCatalogue, matchesKpiId } from "../../src/analyse/kpi-catalogue.js";
import { applySeverity, ruleFor } from "../../src/analyse/policy.js";
import { policySchema } from "../../src/config/policy.js";
import { findings, fixture, report } from "../fixtures/fixture.js";

describe("severity policy", () => {
  const f = { id: "ota-listings:acme", check: "ota-listings", entity: "acme", severity: "high" as const };
  it("applies the most specific rule: finding id, then check:entity, then check; else the check's default", () => {
    expect(ruleFor(f, { "ota-listings": "low", "ota-listings:acme": "critical" })).toBe("ota-listings:acme");
    expect(ruleFor(f, { "ota-listings": "low" })).toBe("ota-listings");
    expect(ruleFor({ ...f, id: "ota-listings:acme:k" }, { "ota-listings:acme:k": "info", "ota-listings:acme": "low" })).toBe(
      "ota-listings:acme:k",
    );
    expect(applySeverity([f], {})).toEqual([f]);
    expect(applySeverity([f], { "ota-listings": "critical" })[0]!.severity).toBe("critical");
  });

  it("is one line of data for an operator: the fixture's policy changes severities in the reports", async () => {
    const inv = await fixture();
    inv.listings.listings = inv.listings.listings.filter((l) => l.channel !== "etsy");
    const ota = findings(report("ceo", inv), "ota-listings");
    expect(ota.find((x) => x.entity === "fernhill-books")!.severity).toBe("critical");
    expect(ota.filter((x) => x.entity !== "fernhill-books").every((x) => x.severity === "medium")).toBe(true);
    expect(findings(report("cmo", inv), "email-blast").find((x) => x.entity === "fernhill-books")!.severity).toBe("low");
    inv.policy.severity = {};
    expect(findings(report("ceo", inv), "ota-listings").every((x) => x.severity === "high")).toBe(true);
  });

  it("validates rule ids and severities, and defaults to no rules", () => {
    expect(policySchema.parse({})).toMatchObject({ severity: {}, kpis: {} });
    expect(policySchema.safeParse({ severity: { "Bad Rule": "high" } }).success).toBe(false);
    expect(policySchema.safeParse({ severity: { "ota-listings": "urgent" } }).success).toBe(false);
    expect(policySchema.safeParse({ thresholds: {} }).success).toBe(false);
  });
});

describe("per-entity KPI patterns", () => {
  const entry = { id: "break-even:{entity}", role: "cfo", label: "{entity} break-even {units}", unit: "count" as const, why: "w" };
  it("expands a pattern for every entity a check reported, naming the entity and its unit", () => {
    const values = new Map<string, KpiResult>([
      ["break-even:a", { id: "break-even:a", value: 3, source: "s", asOf: "t", vars: { entity: "Alpha", units: "orders" } }],
      ["break-even:b", { id: "break-even:b", missing: "no unit economics", vars: { entity: "Beta" } }],
    ]);
    const out = expandCatalogue([entry], values);
    expect(out.map((o) => [o.entry.id, o.entry.label])).toEqual([
      ["break-even:a", "Alpha break-even orders"],
      ["break-even:b", "Beta break-even units"],
    ]);
    expect(matchesKpiId("break-even:{entity}", "break-even:a")).toBe(true);
    expect(matchesKpiId("break-even:{entity}", "break-even")).toBe(false);
  });

  it("keeps one KPI with the reason when no entity was reported, and uses `needs` for a KPI nothing computes", () => {
    const none = expandCatalogue([entry], new Map([["break-even:{entity}", { id: "break-even:{entity}", missing: "source unavailable" }]]));
    expect(none.map((o) => [o.entry.id, o.value])).toEqual([["break-even", { id: "break-even", missing: "source unavailable" }]]);
    const needs = expandCatalogue([{ ...entry, id: "nps", label: "NPS", needs: "a customer survey" }], new Map());
    expect(needs[0]!.value).toEqual({ id: "nps", missing: "needs a customer survey" });
  });
});
