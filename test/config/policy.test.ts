/** data/policy.yaml: thresholds, grace, escalation, freshness and degraded handling, with file:line errors. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultPolicy, durationMs, loadPolicy, parsePolicy } from "../../src/config/policy.js";
import { ConfigError } from "../../src/shared/errors.js";
import { DATA_DIR, sampleInventory } from "../helpers/sample.js";

describe("policy", () => {
  it("defaults every section when the file or a section is absent", async () => {
    expect(defaultPolicy()).toEqual({
      severity: {},
      kpis: {},
      grace: { default: 1, checks: {} },
      escalation: { afterPeriods: 4, checks: {} },
      freshness: { sources: {} },
      degraded: { default: "send-with-banner" },
    });
    expect(await loadPolicy(path.join(DATA_DIR, "no-such-dir"))).toEqual(defaultPolicy());
  });

  it("reads the sample's policy against its KPI catalogue and roles", async () => {
    const inv = await sampleInventory();
    const p = await loadPolicy(DATA_DIR, { kpis: inv.kpis.catalogue.map((k) => k.id), roles: ["ceo", "cfo"] });
    expect(p.kpis.runway).toEqual({ breach: "below", warn: 12, critical: 6 });
    expect(p.escalation.notify).toBe("ceo");
    expect(durationMs(p.freshness.sources["data/accounts.yaml"]!)).toBe(14 * 86_400_000);
  });

  it("names the file, line and field of each problem, with the fix", () => {
    const bad = [
      "kpis:",
      "  runway: { breach: below, warn: 6, critical: 12 }",
      "  nope: { breach: above, warn: 1 }",
      "freshness:",
      "  default: 3 days",
      "escalation:",
      "  notify: cxo",
    ].join("\n");
    let err: unknown;
    try {
      parsePolicy("data/policy.yaml", bad, { kpis: ["runway"], roles: ["ceo"] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const issues = (err as ConfigError).issues;
    expect(issues.some((i) => /^data\/policy\.yaml:2 kpis\.runway: .*critical must be beyond warn/.test(i))).toBe(true);
    expect(issues.some((i) => /^data\/policy\.yaml:5 freshness\.default: .*"36h", "14d" or "2w"/.test(i))).toBe(true);
    expect(() => parsePolicy("p.yaml", "kpis:\n  nope: { breach: above, warn: 1 }\n", { kpis: ["runway"] })).toThrow(
      /p\.yaml:2 kpis\.nope: not a KPI in kpis\.yaml — expected one of runway/,
    );
    expect(() => parsePolicy("p.yaml", "escalation:\n  notify: cxo\n", { roles: ["ceo"] })).toThrow(
      /p\.yaml:2 escalation\.notify: "cxo" is not a role/,
    );
  });
});
