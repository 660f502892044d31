import { describe, expect, it } from "vitest";
import { findings, kpi, report } from "../helpers/analyse.js";
import { sampleInventory } from "../helpers/sample.js";

describe("CMO report", () => {
  it("builds the channel matrix as listed / planned / absent / n-a and its coverage", async () => {
    const inv = await sampleInventory();
    const r = report("cmo", inv);
    const rows = r.sections.find((s) => s.id === "channel-matrix")!.rows;
    const jada = rows.find((x) => x.entity === "JADA")!;
    expect(jada.instagram).toBe("listed");
    expect(jada["google-business"]).toBe("planned");
    expect(jada.getmyboat).toBe("absent");
    expect(jada.thumbtack).toBe("n/a");
    const before = kpi(r, "channel-coverage")!;
    inv.listings.listings.push({ entity: "jada", channel: "getmyboat", status: "listed" });
    expect(kpi(report("cmo", inv), "channel-coverage")!).toBeGreaterThan(before);
  });

  it("sequences OTAs by audience net of commission per day of effort", async () => {
    const inv = await sampleInventory();
    const r = report("cmo", inv);
    const jada = r.sections.find((s) => s.id === "ota-sequence")!.rows.filter((x) => x.entity === "JADA");
    // GetMyBoat 1.2M×0.88/2 = 528k; Viator 3.5M×0.8/5 = 560k; Boatsetter 0.8M×0.85/3 ≈ 227k.
    expect(jada.map((x) => x.channel)).toEqual(["Viator", "GetMyBoat", "Boatsetter"]);
    expect(findings(r, "ota-sequencing").find((f) => f.entity === "jada")!.recommendation).toBe(
      "List on Viator, then GetMyBoat, then Boatsetter, in that order.",
    );
    inv.listings.channels.find((c) => c.id === "viator")!.setupEffortDays = 20;
    const after = report("cmo", inv)
      .sections.find((s) => s.id === "ota-sequence")!
      .rows.filter((x) => x.entity === "JADA");
    expect(after[0]!.channel).toBe("GetMyBoat");
  });

  it("stops asking for an OTA listing once one is live", async () => {
    const inv = await sampleInventory();
    inv.listings.listings.push({ entity: "jada", channel: "boatsetter", status: "listed" });
    const r = report("cmo", inv);
    expect(findings(r, "ota-sequencing").map((f) => f.entity)).not.toContain("jada");
    expect(
      r.sections
        .find((s) => s.id === "ota-sequence")!
        .rows.filter((x) => x.entity === "JADA")
        .map((x) => x.channel),
    ).toEqual(["Viator", "GetMyBoat"]);
  });

  it("makes the email-blast case from list size, response and booking rates and price", async () => {
    const inv = await sampleInventory();
    const r = report("cmo", inv);
    // JADA: 860 × 1.5% × 8% × $1,450 = $1,496; QSD: 380 × 1.5% × 8% × $880 = $401.
    expect(kpi(r, "email-blast-revenue-low")).toBe(1496 + 401);
    expect(kpi(r, "email-blast-revenue-high")).toBe(Math.round(860 * 0.04 * 0.2 * 1450) + Math.round(380 * 0.04 * 0.2 * 880));
    expect(findings(r, "email-blast").map((f) => f.entity)).toEqual(["jada"]);
    inv.contacts.lists[0]!.optedIn = 1720;
    expect(kpi(report("cmo", inv), "email-blast-revenue-low")).toBe(Math.round(1720 * 0.015 * 0.08 * 1450) + 401);
    inv.contacts.lists[0]!.lastEmailed = "2026-11-01";
    expect(findings(report("cmo", inv), "email-blast")).toHaveLength(0);
  });

  it("measures local-service funnel conversion and flags the stage that converts to zero", async () => {
    const inv = await sampleInventory();
    const r = report("cmo", inv);
    expect(kpi(r, "site-conversion")).toBe(0);
    expect(findings(r, "funnel-conversion")).toHaveLength(1);
    inv.pipeline.funnel.find((f) => f.entity === "quickdumpnow" && f.month === "2026-10")!.stages[3]!.count = 4;
    const after = report("cmo", inv);
    expect(kpi(after, "site-conversion")).toBe(Math.round((4 / 1880) * 10000) / 100);
    expect(findings(after, "funnel-conversion")).toHaveLength(0);
  });

  it("plans local SEO at 30/60/90 days from listing facts", async () => {
    const inv = await sampleInventory();
    const rows = report("cmo", inv).sections.find((s) => s.id === "local-seo")!.rows;
    const jada = rows.find((x) => x.entity === "JADA")!;
    expect(jada.day30).toBe("Claim and verify Google Business Profile for jada-charters.example");
    expect(jada.day90).toContain("Tripadvisor");
    expect(jada.due90).toBe("2027-02-28");
    inv.listings.listings.push({ entity: "jada", channel: "google-business", status: "listed" });
    inv.listings.listings = inv.listings.listings.filter(
      (l) => !(l.entity === "jada" && l.channel === "google-business" && l.status === "planned"),
    );
    const after = report("cmo", inv)
      .sections.find((s) => s.id === "local-seo")!
      .rows.find((x) => x.entity === "JADA")!;
    expect(after.day30).toContain("Complete Google Business Profile");
  });

  it("reports cost per lead as a missing KPI", async () => {
    const r = report("cmo", await sampleInventory());
    expect(r.kpis.find((k) => k.id === "cost-per-lead")!.status).toBe("missing");
  });
});
