/** Restatements from real checks: past periods recomputed from today's data, compared with what was reported. */
import { describe, expect, it } from "vitest";
import { restatements } from "../../src/analyse/changes.js";
import { holdReason } from "../../src/analyse/degraded.js";
import { recomputeKpis } from "../../src/analyse/recompute.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { parsePeriod } from "../../src/shared/period.js";
import { sampleInventory, snapshotOf } from "../helpers/sample.js";

describe("recomputeKpis", () => {
  it("recomputes past periods from today's data, leaving out what only this period's collection knows", async () => {
    const inv = await sampleInventory();
    const scope = { key: "all", entities: inv.portfolio.entities.map((e) => ({ id: e.id, name: e.name })) };
    const periods = [parsePeriod("2026-W45"), parsePeriod("2026-W46")];
    const cto = recomputeKpis(builtinRoles.get("cto"), snapshotOf(inv), scope, periods);
    expect(cto.map((p) => p.period)).toEqual(["2026-W45", "2026-W46"]);
    expect(Object.keys(cto[0]!.values)).not.toContain("aws-spend-mtd"); // metrics: this period's window only
    expect(Object.keys(cto[0]!.values)).not.toContain("security-findings"); // from this report's own findings
    expect(Object.keys(cto[0]!.values)).toContain("aws-spend");

    // What the W46 report said, then a late October expense booked since: the books now say more.
    const cfo = builtinRoles.get("cfo");
    const reported = recomputeKpis(cfo, snapshotOf(inv), scope, [periods[1]!]);
    inv.expenses.expenses.push({
      ...inv.expenses.expenses.find((e) => e.date.startsWith("2026-10"))!,
      id: "e-late",
      amount: 425,
      date: "2026-10-30",
    });
    const now = recomputeKpis(cfo, snapshotOf(inv), scope, [periods[1]!]);
    const kpis = snapshotOf(inv).datasets.kpis;
    const catalogue = "value" in kpis ? kpis.value.catalogue.filter((k) => k.role === "cfo") : [];
    const stated = restatements(
      reported,
      now,
      catalogue.map((k) => ({ ...k, value: 0, source: "x", asOf: "x", previous: null, delta: null, status: "no-target" as const })),
    );
    expect(stated.map((s) => s.kpi)).toContain("burn-high");
    const burn = stated.find((s) => s.kpi === "burn-high")!;
    expect(burn.now - burn.reported).toBeCloseTo(425, 2);
  });
});

describe("holdReason", () => {
  it("says which source held the report and what it affects, with the fix", () => {
    expect(holdReason({ id: "cfo-weekly.2026-W48", degraded: [] })).toBeNull();
    expect(
      holdReason({
        id: "cfo-weekly.2026-W48",
        degraded: [{ source: "cloudwatch", reason: "failed", detail: "AccessDenied", affects: ["AWS spend"] }],
      }),
    ).toBe(
      "cfo-weekly.2026-W48 held: cloudwatch failed (AccessDenied), affecting AWS spend. Fix the source or set the audience's degraded policy to send-with-banner.",
    );
  });
});
