/** Report assembly: headline KPIs, actions by priority then impact, figure-led summary, a cap per check, raw names. */
import { describe, expect, it } from "vitest";
import { capFindings, headlineIds } from "../../src/analyse/analyse.js";
import { matchesKpiId } from "../../src/analyse/kpi-catalogue.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { report } from "../helpers/analyse.js";
import { sampleInventory } from "../helpers/sample.js";
import { finding, kpi } from "./builder.js";

describe.each(builtinRoles.ids.map((role) => ({ role })))("$role report from the sample", async ({ role }) => {
  const r = report(role, await sampleInventory());

  it("declares 3–4 headline KPIs, in the role's order (a per-entity pattern fills the slots left)", () => {
    expect(r.headline.length).toBeGreaterThanOrEqual(3);
    expect(r.headline.length).toBeLessThanOrEqual(4);
    const declared = builtinRoles.get(role).headline;
    const order = (id: string) => declared.findIndex((d) => matchesKpiId(d, id));
    expect(r.headline.map(order)).toEqual([...r.headline.map(order)].sort((a, b) => a - b));
    expect(r.headline.every((id) => r.kpis.some((k) => k.id === id))).toBe(true);
  });

  it("ranks actions by priority, then revenue at stake", () => {
    const order = r.actions.map((a) => [a.priority, -(a.impactUsdPerMonth ?? 0)] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]));
    expect(r.actions.map((a) => a.rank)).toEqual(r.actions.map((_, i) => i + 1));
  });

  it("leads the summary with the headline figures, counts after", () => {
    const first = r.kpis.find((k) => k.id === r.headline[0])!;
    expect(r.summary[0]!.startsWith(first.label)).toBe(true);
    expect(r.summary[1]).toMatch(/^\d+ findings? \(/);
  });
});

describe("analyse", () => {
  it("fills the headline's free slots from a per-entity pattern, off-target entities first", () => {
    const k = (id: string, status: "ok" | "off-target") => kpi(id, id, 1, { status });
    const kpis = [
      k("runway", "ok"),
      k("cash", "ok"),
      k("break-even:a", "ok"),
      k("break-even:b", "off-target"),
      k("break-even:c", "off-target"),
    ];
    expect(headlineIds(["runway", "cash", "break-even:{entity}"], kpis)).toEqual(["runway", "cash", "break-even:b", "break-even:c"]);
    expect(headlineIds(["runway", "nope", "break-even:{entity}", "cash"], kpis)).toEqual([
      "runway",
      "break-even:b",
      "break-even:c",
      "cash",
    ]);
  });

  it("names a local clone by its repository id, not its path", async () => {
    const r = report("ceo", await sampleInventory());
    const inv = await sampleInventory();
    for (const repo of inv.repos.repos.filter((x) => x.path !== undefined)) expect(r.names[repo.path!]).toBe(repo.id);
  });

  it("caps the findings of one check, summarising the rest in one finding", () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      finding("dup", i === 29 ? "critical" : "low", `Duplicate ${i}`, { id: `dup:alpha:${i}`, impactUsdPerMonth: 10 }),
    );
    const capped = capFindings("dup", many, 20);
    expect(capped).toHaveLength(20);
    expect(capped[0]!.title).toBe("Duplicate 29");
    const more = capped[19]!;
    expect(more).toMatchObject({ id: "dup:portfolio:more", severity: "low", impactUsdPerMonth: 110, sources: ["data/test.yaml"] });
    expect(more.title).toBe('11 more findings of the "dup" check, not listed one by one');
    expect(more.evidence).toHaveLength(6);
    expect(capFindings("dup", many.slice(0, 5), 20)).toHaveLength(5);
  });
});
