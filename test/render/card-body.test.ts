import { describe, expect, it } from "vitest";
import { analyse } from "../../src/analyse/analyse.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { renderCardBody } from "../../src/render/render.js";
import { parsePeriod } from "../../src/shared/period.js";
import { NOW, sampleInventory, snapshotOf } from "../helpers/sample.js";

describe("board card bodies", () => {
  it("do not change from week to week while the finding does not (no edit, no notification)", async () => {
    const inv = await sampleInventory();
    const bodies = (week: string) => {
      const snap = { ...snapshotOf(inv), period: parsePeriod(week) };
      const report = analyse(builtinRoles.get("cto"), snap, { key: "all", entities: [] }, {}, NOW.toISOString());
      return new Map(report.actions.map((a) => [a.fingerprint, renderCardBody(report, a)]));
    };
    const w48 = bodies("2026-W48");
    const w49 = bodies("2026-W49");
    expect(w48.size).toBeGreaterThan(5);
    for (const [fp, body] of w48) expect(w49.get(fp)).toBe(body);
    const first = [...w48.values()][0]!;
    // Cards are shared across audiences and cadences: the body names neither, so no audience rewrites another's card.
    expect(first).toContain("From the CTO report.");
    expect(first).not.toMatch(/weekly|scope/);
    expect(first).not.toContain("2026-W48");
  });
});
