/** CMO: channel visibility, OTA sequencing, the email-blast case and a local SEO plan. */

import { addDays } from "../../shared/period.js";
import { check, type FindingDraft, usd } from "../check.js";
import { brokenFunnels, fits, liveOtaListings, otaSequence, sellingEntities } from "../facts.js";
import { sum } from "../finance/money.js";
import type { RoleDefinition } from "../role.js";

export const channelMatrix = check({
  id: "channel-matrix",
  needs: ["portfolio", "listings"],
  kpis: ["channel-coverage", "ota-listings"],
  run({ portfolio, listings }, ctx) {
    const selling = sellingEntities(portfolio.entities);
    let fitting = 0;
    let listed = 0;
    const rows = selling.map((e) => {
      const row: Record<string, string | number | null> = { entity: e.name };
      for (const c of listings.channels) {
        const l = listings.listings.find((x) => x.entity === e.id && x.channel === c.id);
        if (!fits(c, e)) row[c.id] = "n/a";
        else {
          fitting++;
          if (l?.status === "listed") listed++;
          row[c.id] = l?.status ?? "absent";
        }
      }
      return row;
    });
    const src = ctx.source("portfolio", "listings");
    return {
      kpis: [
        fitting
          ? { id: "channel-coverage", value: Math.round((listed / fitting) * 100), source: src, asOf: ctx.asOf("listings") }
          : { id: "channel-coverage", missing: "no selling entity with a fitting channel" },
        { id: "ota-listings", value: liveOtaListings(listings).length, source: ctx.source("listings"), asOf: ctx.asOf("listings") },
      ],
      sections: [
        {
          id: "channel-matrix",
          title: "Channel visibility (entity × channel)",
          intro: `${listed} of ${fitting} fitting entity–channel pairs are live.`,
          columns: [{ key: "entity", label: "Entity" }, ...listings.channels.map((c) => ({ key: c.id, label: c.name }))],
          rows,
          source: src,
        },
      ],
    };
  },
});

export const otaSequencing = check({
  id: "ota-sequencing",
  needs: ["portfolio", "listings", "costs"],
  run({ portfolio, listings, costs }, ctx) {
    const rows: Record<string, string | number | null>[] = [];
    const findings: FindingDraft[] = [];
    for (const e of sellingEntities(portfolio.entities)) {
      const seq = otaSequence(listings, e);
      const price = costs.unitEconomics.find((u) => u.entity === e.id)?.price ?? null;
      seq.forEach((s, i) =>
        rows.push({
          entity: e.name,
          order: i + 1,
          channel: s.channel.name,
          commission: s.channel.commissionPct,
          audience: s.channel.monthlyAudience,
          effortDays: s.channel.setupEffortDays,
          netPerBooking: price === null ? null : Math.round(price * (1 - s.channel.commissionPct / 100)),
        }),
      );
      if (seq.length && !liveOtaListings(listings).some((l) => l.entity === e.id)) {
        findings.push({
          entity: e.id,
          severity: "high",
          title: `${e.name}: no OTA listing, ${seq.length} fitting channels open`,
          evidence: seq
            .slice(0, 3)
            .map(
              (s, i) =>
                `${i + 1}. ${s.channel.name}: ${s.channel.monthlyAudience.toLocaleString("en-US")} visitors/month, ${s.channel.commissionPct}% commission, ${s.channel.setupEffortDays} days`,
            ),
          recommendation: `List on ${seq
            .map((s) => s.channel.name)
            .slice(0, 3)
            .join(", then ")}, in that order.`,
          impactUsdPerMonth: price,
          sources: [ctx.source("listings", "costs")],
        });
      }
    }
    return {
      findings,
      sections: [
        {
          id: "ota-sequence",
          title: "OTA and marketplace sequencing",
          intro: "Ranked by monthly audience net of commission per day of set-up effort.",
          columns: [
            { key: "entity", label: "Entity" },
            { key: "order", label: "#", unit: "count" },
            { key: "channel", label: "Channel" },
            { key: "commission", label: "Commission", unit: "pct" },
            { key: "audience", label: "Audience / month", unit: "count" },
            { key: "effortDays", label: "Set-up days", unit: "days" },
            { key: "netPerBooking", label: "Net per booking", unit: "usd" },
          ],
          rows,
          source: ctx.source("listings", "costs"),
        },
      ],
    };
  },
});

export const emailBlast = check({
  id: "email-blast",
  needs: ["contacts", "costs"],
  kpis: ["contacts-reachable", "email-blast-revenue-low", "email-blast-revenue-high"],
  run({ contacts, costs }, ctx) {
    const today = ctx.snapshot.period.end.slice(0, 10);
    const { responseRatePct: r, bookingRatePct: b } = contacts.campaign;
    const rows: Record<string, string | number | null>[] = [];
    const findings: FindingDraft[] = [];
    let low = 0;
    let high = 0;
    for (const list of contacts.lists) {
      const price = costs.unitEconomics.find((u) => u.entity === list.entity)?.price;
      if (price === undefined || list.optedIn === 0) continue;
      const lo = Math.round(list.optedIn * (r.low / 100) * (b.low / 100) * price);
      const hi = Math.round(list.optedIn * (r.high / 100) * (b.high / 100) * price);
      low += lo;
      high += hi;
      const stale = list.lastEmailed === null || Date.parse(today) - Date.parse(list.lastEmailed) > 90 * 86400000;
      rows.push({
        entity: ctx.entityName(list.entity),
        list: list.name,
        optedIn: list.optedIn,
        lastEmailed: list.lastEmailed ?? "never",
        low: lo,
        high: hi,
      });
      if (stale) {
        findings.push({
          entity: list.entity,
          key: list.name,
          severity: "medium",
          title: `${ctx.entityName(list.entity)}: ${list.optedIn} opted-in contacts not emailed since ${list.lastEmailed ?? "ever"}`,
          evidence: [
            `${list.optedIn} × ${r.low}–${r.high}% response × ${b.low}–${b.high}% booking × ${usd(price)} = ${usd(lo)}–${usd(hi)}`,
          ],
          recommendation: `Send an offer to "${list.name}" this month. Expect ${usd(lo)}–${usd(hi)} in bookings.`,
          impactUsdPerMonth: lo,
          sources: [ctx.source("contacts", "costs")],
        });
      }
    }
    const src = ctx.source("contacts", "costs");
    const asOf = ctx.asOf("contacts", "costs");
    return {
      kpis: [
        {
          id: "contacts-reachable",
          value: sum(contacts.lists.map((l) => l.optedIn)),
          source: ctx.source("contacts"),
          asOf: ctx.asOf("contacts"),
        },
        rows.length
          ? { id: "email-blast-revenue-low", value: low, source: src, asOf }
          : { id: "email-blast-revenue-low", missing: "no opted-in list for an entity with a price" },
        rows.length
          ? { id: "email-blast-revenue-high", value: high, source: src, asOf }
          : { id: "email-blast-revenue-high", missing: "no opted-in list for an entity with a price" },
      ],
      findings,
      sections: [
        {
          id: "email-blast",
          title: "The case for an email blast",
          intro: `Opted-in contacts × ${r.low}–${r.high}% response × ${b.low}–${b.high}% booking × unit price.`,
          columns: [
            { key: "entity", label: "Entity" },
            { key: "list", label: "List" },
            { key: "optedIn", label: "Opted in", unit: "count" },
            { key: "lastEmailed", label: "Last emailed" },
            { key: "low", label: "Revenue, low", unit: "usd" },
            { key: "high", label: "Revenue, high", unit: "usd" },
          ],
          rows,
          chart: { label: "list", value: "high", unit: "usd" },
          source: src,
        },
      ],
    };
  },
});

export const funnelConversion = check({
  id: "funnel-conversion",
  needs: ["pipeline", "portfolio"],
  kpis: ["site-conversion"],
  run({ pipeline, portfolio }, ctx) {
    const local = portfolio.entities.filter((e) => e.businessModel === "local-service").map((e) => e.id);
    const latest = pipeline.funnel.filter((f) => local.includes(f.entity)).sort((a, b) => b.month.localeCompare(a.month))[0];
    const findings: FindingDraft[] = brokenFunnels(pipeline)
      .filter((b) => local.includes(b.entity))
      .map((b) => ({
        entity: b.entity,
        severity: "critical",
        title: `${ctx.entityName(b.entity)}: ${b.from.count} ${b.from.stage}, ${b.to.count} ${b.to.stage} in ${b.month}`,
        evidence: [`${b.first.count} ${b.first.stage} → ${b.from.count} ${b.from.stage} → ${b.to.count} ${b.to.stage}`],
        recommendation: "Follow up every quote by phone within 24 hours with a booking link. Track why quotes are lost.",
        impactUsdPerMonth: null,
        sources: [ctx.source("pipeline")],
      }));
    if (!latest) return { kpis: [{ id: "site-conversion", missing: "no funnel counts for a local-service entity" }], findings };
    const first = latest.stages[0]!.count;
    const lastStage = latest.stages.at(-1)!.count;
    return {
      kpis: [
        first > 0
          ? {
              id: "site-conversion",
              value: Math.round((lastStage / first) * 10000) / 100,
              source: `${ctx.source("pipeline")} (${latest.entity} ${latest.month})`,
              asOf: ctx.asOf("pipeline"),
            }
          : { id: "site-conversion", missing: `no ${latest.stages[0]!.stage} recorded in ${latest.month}` },
      ],
      findings,
    };
  },
});

export const localSeo = check({
  id: "local-seo",
  needs: ["portfolio", "listings", "contacts"],
  run({ portfolio, listings, contacts }, ctx) {
    const start = ctx.snapshot.period.end.slice(0, 10);
    const rows: Record<string, string | number | null>[] = [];
    for (const e of sellingEntities(portfolio.entities).filter((x) => x.businessModel !== "none")) {
      const status = (ch: string) => listings.listings.find((l) => l.entity === e.id && l.channel === ch)?.status ?? "absent";
      const dirs = listings.channels.filter((c) => (c.kind === "directory" || c.kind === "search") && fits(c, e));
      const missingDirs = dirs.filter((c) => status(c.id) !== "listed").map((c) => c.name);
      const list = contacts.lists.filter((l) => l.entity === e.id).reduce((a, l) => a + l.optedIn, 0);
      rows.push({
        entity: e.name,
        day30:
          status("google-business") === "listed"
            ? `Complete Google Business Profile (photos, hours, services) for ${e.domains[0] ?? e.name}`
            : `Claim and verify Google Business Profile for ${e.domains[0] ?? e.name}`,
        day60:
          list > 0
            ? `Ask ${list} opted-in contacts for reviews; publish a service-area page`
            : "Publish a service-area page with name, address and phone matching every listing",
        day90: missingDirs.length ? `Get listed on ${missingDirs.join(", ")}` : "Earn 3 local backlinks (marina, chamber, events)",
        due30: addDays(start, 30),
        due90: addDays(start, 90),
      });
    }
    return {
      sections: [
        {
          id: "local-seo",
          title: "Local SEO plan: 30 / 60 / 90 days",
          columns: [
            { key: "entity", label: "Entity" },
            { key: "day30", label: "By day 30" },
            { key: "day60", label: "By day 60" },
            { key: "day90", label: "By day 90" },
            { key: "due90", label: "Done by" },
          ],
          rows,
          source: ctx.source("portfolio", "listings", "contacts"),
        },
      ],
    };
  },
});

export const cmo: RoleDefinition = {
  id: "cmo",
  label: "CMO",
  headline: ["ota-listings", "channel-coverage", "contacts-reachable", "site-conversion"],
  title: "CMO report: go-to-market",
  checks: [channelMatrix, otaSequencing, emailBlast, funnelConversion, localSeo],
};
