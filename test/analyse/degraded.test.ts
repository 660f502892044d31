/** Degraded data: failed and stale sources become banners naming the figures they affect. */
import { describe, expect, it } from "vitest";
import { degradedSources } from "../../src/analyse/degraded.js";
import { policySchema } from "../../src/config/policy.js";
import { kpi, report } from "./builder.js";

const policy = policySchema.parse({ freshness: { default: "8d", sources: { "data/accounts.yaml": "14d", cloudwatch: "1d" } } });

describe("degradedSources", () => {
  const base = report(
    "2026-W48",
    [],
    [
      kpi("cash", "Cash on hand", 100, { source: "data/accounts.yaml (3 bank balances)", asOf: "2026-11-10" }),
      kpi("spend", "AWS spend", 80, { source: "cloudwatch AWS/Billing", asOf: "2026-11-29T00:00:00Z" }),
      kpi("revenue", "Revenue", 50, { source: "data/revenue.yaml", asOf: "2026-11-30T05:00:00Z" }),
      {
        id: "errors",
        label: "Error rate",
        unit: "pct",
        value: null,
        missing: "source unavailable (cloudwatch: AccessDenied)",
        previous: null,
        delta: null,
        status: "missing",
      },
    ],
  );

  it("names a failed source and the figures it affects", () => {
    const r = { ...base, sources: [...base.sources, { name: "cloudwatch", ok: false, detail: "AccessDenied" }] };
    expect(degradedSources(r, policy, "2026-11-30T06:00:00Z")[0]).toEqual({
      source: "cloudwatch",
      reason: "failed",
      detail: "AccessDenied",
      affects: ["AWS spend", "Error rate"],
    });
  });

  it("names a source older than its freshness limit, per source, the default for the rest", () => {
    expect(degradedSources(base, policy, "2026-11-30T06:00:00Z")).toEqual([
      {
        source: "data/accounts.yaml",
        reason: "stale",
        detail: "newest data is from 2026-11-10, 20 days old; the limit is 14d",
        affects: ["Cash on hand"],
      },
      {
        source: "cloudwatch",
        reason: "stale",
        detail: "newest data is from 2026-11-29, 30 hours old; the limit is 1d",
        affects: ["AWS spend"],
      },
    ]);
    expect(degradedSources(base, policySchema.parse({}), "2026-11-30T06:00:00Z")).toEqual([]);
  });
});
