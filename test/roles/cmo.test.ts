import { describe, expect, it } from "vitest";
import { findings, fixture, kpi, missingReason, report, section } from "../fixtures/fixture.js";

describe("CMO report", () => {
  it("builds the channel matrix as listed / planned / absent / n-a, with channel columns that cannot collide with the entity column", async () => {
    const inv = await fixture();
    const r = report("cmo", inv);
    const s = section(r, "channel-matrix");
    const shop = s.rows.find((x) => x.entity === "Fernhill Books")!;
    expect(shop["channel:etsy"]).toBe("listed");
    expect(shop["channel:capterra"]).toBe("n/a");
    expect(shop["channel:apple-maps"]).toBe("absent");
    expect(s.rows.find((x) => x.entity === "Brightside Events")!["channel:tiktok"]).toBe("planned");
    const before = kpi(r, "channel-coverage")!;
    inv.listings.listings.push({ entity: "ledgerly", channel: "capterra", status: "listed" });
    expect(kpi(report("cmo", inv), "channel-coverage")!).toBeGreaterThan(before);
  });

  it("sequences marketplaces by audience net of commission per day of effort; alternatives share a step", async () => {
    const inv = await fixture();
    const r = report("cmo", inv);
    const saas = section(r, "ota-sequence").rows.filter((x) => x.entity === "Ledgerly");
    // AppSumo 1.5M × 0.7 / 4 = 262,500; Capterra 0.9M × 0.85 / 3 = 255,000.
    expect(saas.map((x) => [x.order, x.channel])).toEqual([
      [1, "AppSumo"],
      [2, "Capterra"],
    ]);
    expect(findings(r, "ota-sequencing").find((f) => f.entity === "ledgerly")!.recommendation).toBe(
      "List on AppSumo, then Capterra, in that order.",
    );
    expect(findings(r, "ota-sequencing").find((f) => f.entity === "brightside-events")!.recommendation).toBe("List on Eventbrite/Meetup.");
    inv.listings.channels.find((c) => c.id === "appsumo")!.setupEffortDays = 10;
    expect(section(report("cmo", inv), "ota-sequence").rows.find((x) => x.entity === "Ledgerly")!.channel).toBe("Capterra");
  });

  it("stops asking for a marketplace listing once one is live", async () => {
    const inv = await fixture();
    expect(findings(report("cmo", inv), "ota-sequencing").map((f) => f.entity)).not.toContain("fernhill-books");
    inv.listings.listings.push({ entity: "quietly", channel: "etsy", status: "listed" });
    expect(findings(report("cmo", inv), "ota-sequencing").map((f) => f.entity)).not.toContain("quietly");
  });

  it("makes the email-blast case in each entity's own unit, and says 'never emailed' when it never was", async () => {
    const inv = await fixture();
    const r = report("cmo", inv);
    // 2,000 × 1% × 5% × $49 = $49; 800 × 1% × 5% × $38 = $15; 250 × 1% × 5% × $30 = $4.
    expect(kpi(r, "email-blast-revenue-low")).toBe(49 + 15 + 4);
    expect(kpi(r, "contacts-reachable")).toBe(3050);
    const f = findings(r, "email-blast");
    expect(f.map((x) => x.title).sort()).toEqual([
      "Fernhill Books: 800 opted-in contacts not emailed since 2026-10-15",
      "Quietly Tea Club: 250 opted-in contacts never emailed",
    ]);
    expect(f.find((x) => x.entity === "quietly")!.recommendation).toBe(
      'Send an offer to "Waiting list" this month. Expect $4–$23 in boxes.',
    );
    inv.contacts.lists.find((l) => l.entity === "fernhill-books")!.lastEmailed = "2027-02-01";
    expect(findings(report("cmo", inv), "email-blast").map((x) => x.entity)).toEqual(["quietly"]);
  });

  it("measures conversion per entity and flags the stage that converts to zero, in model-neutral words", async () => {
    const inv = await fixture();
    const r = report("cmo", inv);
    expect(kpi(r, "conversion:fernhill-books")).toBe(3);
    expect(kpi(r, "conversion:brightside-events")).toBe(0);
    expect(missingReason(r, "conversion:quietly")).toContain("no funnel counts");
    const f = findings(r, "funnel-conversion");
    expect(f.map((x) => x.title)).toEqual(["Brightside Events: 40 sign-ups, 0 paid seats in 2027-02"]);
    expect(f[0]!.recommendation).not.toMatch(/deposit|quote|charter|job/i);
    inv.pipeline.funnel.find((x) => x.entity === "brightside-events")!.stages[2]!.count = 4;
    expect(findings(report("cmo", inv), "funnel-conversion")).toHaveLength(0);
  });

  it("plans local SEO only for businesses sold in a place, from the largest fitting search channel's status", async () => {
    const inv = await fixture();
    const s = section(report("cmo", inv), "local-seo");
    expect(s.rows.map((x) => x.entity)).toEqual(["Fernhill Books", "Brightside Events"]);
    expect(s.intro).toBe("Not planned for Ledgerly (saas: not sold in a place), Quietly Tea Club (subscription: not sold in a place).");
    const shop = s.rows.find((x) => x.entity === "Fernhill Books")!;
    expect(shop.day30).toBe("Claim and verify Apple Maps for fernhillbooks.test");
    expect(shop.day90).toBe("Get listed on Local Guide");
    expect(shop.due90).toBe("2027-06-13");
    inv.listings.listings.push({ entity: "fernhill-books", channel: "apple-maps", status: "listed" });
    const after = section(report("cmo", inv), "local-seo").rows.find((x) => x.entity === "Fernhill Books")!;
    expect(after.day30).toBe("Complete Apple Maps (photos, hours, services) for fernhillbooks.test");
  });
});
