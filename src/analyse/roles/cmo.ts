/** CMO: channel visibility, OTA sequencing, the email-blast case and a local SEO plan. */

import { LOCAL_MODELS } from "../../config/schema.js";
import { addDays } from "../../shared/period.js";
import { check, type FindingDraft, usd } from "../check.js";
import { brokenFunnels, fits, liveOtaListings, otaSequence, plural, sellingEntities, stepName, unitOf } from "../facts.js";
import { sum } from "../finance/money.js";
import { daysBetween } from "../finance/months.js";
import type { RoleDefinition } from "../role.js";
import { conversionKpis, lastMonth } from "./common.js";

/** Column keys of channels are prefixed, so a channel id can never collide with the "entity" column. */
const channelKey = (id: string) => `channel:${id}`;

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
        if (!fits(c, e)) row[channelKey(c.id)] = "n/a";
        else {
          fitting++;
          if (l?.status === "listed") listed++;
          row[channelKey(c.id)] = l?.status ?? "absent";
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
          columns: [{ key: "entity", label: "Entity" }, ...listings.channels.map((c) => ({ key: channelKey(c.id), label: c.name }))],
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
      const price = unitOf(costs, e.id)?.price ?? null;
      seq.forEach((s, i) => {
        for (const c of s.channels)
          rows.push({
            entity: e.name,
            order: i + 1,
            channel: c.name,
            commission: c.commissionPct,
            audience: c.monthlyAudience,
            effortDays: c.setupEffortDays,
            netPerBooking: price === null ? null : Math.round(price * (1 - c.commissionPct / 100)),
          });
      });
      if (seq.length && !liveOtaListings(listings).some((l) => l.entity === e.id)) {
        const steps = seq.slice(0, 3);
        findings.push({
          entity: e.id,
          severity: "high",
          title: `${e.name}: no OTA or marketplace listing, ${seq.length} fitting ${seq.length === 1 ? "step" : "steps"} open`,
          evidence: steps.map(
            (s, i) =>
              `${i + 1}. ${s.channels.map((c) => `${c.name}: ${c.monthlyAudience.toLocaleString("en-US")} visitors/month, ${c.commissionPct}% commission, ${c.setupEffortDays} ${c.setupEffortDays === 1 ? "day" : "days"}`).join("; ")}`,
          ),
          recommendation:
            steps.length === 1 ? `List on ${stepName(steps[0]!)}.` : `List on ${steps.map(stepName).join(", then ")}, in that order.`,
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
          intro:
            "Ranked by monthly audience net of commission per day of set-up effort; channels sharing a step serve the same buyers (list on either).",
          columns: [
            { key: "entity", label: "Entity" },
            { key: "order", label: "Step", unit: "count" },
            { key: "channel", label: "Channel" },
            { key: "commission", label: "Commission", unit: "pct" },
            { key: "audience", label: "Audience / month", unit: "count" },
            { key: "effortDays", label: "Set-up days", unit: "days" },
            { key: "netPerBooking", label: "Net per sale", unit: "usd" },
          ],
          rows,
          source: ctx.source("listings", "costs"),
        },
      ],
    };
  },
});

/** Opted-in contacts not emailed for this many days are a list going cold. */
export const STALE_LIST_DAYS = 90;

export const emailBlast = check({
  id: "email-blast",
  needs: ["contacts", "costs"],
  kpis: ["contacts-reachable", "email-blast-revenue-low", "email-blast-revenue-high"],
  run({ contacts, costs }, ctx) {
    const end = ctx.snapshot.period.endDate;
    const { responseRatePct: r, bookingRatePct: b } = contacts.campaign;
    const rows: Record<string, string | number | null>[] = [];
    const findings: FindingDraft[] = [];
    let low = 0;
    let high = 0;
    for (const list of contacts.lists) {
      const u = unitOf(costs, list.entity);
      if (u === undefined || list.optedIn === 0) continue;
      const lo = Math.round(list.optedIn * (r.low / 100) * (b.low / 100) * u.price);
      const hi = Math.round(list.optedIn * (r.high / 100) * (b.high / 100) * u.price);
      low += lo;
      high += hi;
      const stale = list.lastEmailed === null || daysBetween(list.lastEmailed, end) > STALE_LIST_DAYS;
      rows.push({
        entity: ctx.entityName(list.entity),
        list: list.name,
        optedIn: list.optedIn,
        lastEmailed: list.lastEmailed ?? "never",
        low: lo,
        high: hi,
      });
      if (stale) {
        const when = list.lastEmailed === null ? "never emailed" : `not emailed since ${list.lastEmailed}`;
        findings.push({
          entity: list.entity,
          key: list.name,
          severity: "medium",
          title: `${ctx.entityName(list.entity)}: ${list.optedIn.toLocaleString("en-US")} opted-in contacts ${when}`,
          evidence: [
            `${list.optedIn.toLocaleString("en-US")} × ${r.low}–${r.high}% response × ${b.low}–${b.high}% conversion × ${usd(u.price)} per ${u.unit} = ${usd(lo)}–${usd(hi)}`,
          ],
          recommendation: `Send an offer to "${list.name}" this month. Expect ${usd(lo)}–${usd(hi)} in ${plural(u.unit, 2, u.unitPlural)}.`,
          impactUsdPerMonth: lo,
          sources: [ctx.source("contacts", "costs")],
        });
      }
    }
    const src = ctx.source("contacts", "costs");
    const asOf = ctx.asOf("contacts", "costs");
    const none = "no opted-in list for an entity with a price";
    return {
      kpis: [
        {
          id: "contacts-reachable",
          value: sum(contacts.lists.map((l) => l.optedIn)),
          source: ctx.source("contacts"),
          asOf: ctx.asOf("contacts"),
        },
        rows.length ? { id: "email-blast-revenue-low", value: low, source: src, asOf } : { id: "email-blast-revenue-low", missing: none },
        rows.length
          ? { id: "email-blast-revenue-high", value: high, source: src, asOf }
          : { id: "email-blast-revenue-high", missing: none },
      ],
      findings,
      sections: [
        {
          id: "email-blast",
          title: "The case for an email blast",
          intro: `Opted-in contacts × ${r.low}–${r.high}% response × ${b.low}–${b.high}% conversion × unit price.`,
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
  kpis: ["conversion:{entity}"],
  run({ pipeline, portfolio }, ctx) {
    const selling = new Set(sellingEntities(portfolio.entities).map((e) => e.id));
    const findings: FindingDraft[] = brokenFunnels(pipeline, lastMonth(ctx))
      .filter((b) => selling.has(b.entity))
      .map((b) => ({
        entity: b.entity,
        severity: "critical",
        title: `${ctx.entityName(b.entity)}: ${b.from.count} ${b.from.stage}, ${b.to.count} ${b.to.stage} in ${b.month}`,
        evidence: [`${b.first.count} ${b.first.stage} → ${b.from.count} ${b.from.stage} → ${b.to.count} ${b.to.stage}`],
        recommendation: `Follow up every one of the ${b.from.stage} within a day with a direct next step. Record why each did not become ${b.to.stage}.`,
        impactUsdPerMonth: null,
        sources: [ctx.source("pipeline")],
      }));
    return { kpis: conversionKpis({ pipeline, portfolio }, ctx), findings };
  },
});

export const localSeo = check({
  id: "local-seo",
  needs: ["portfolio", "listings", "contacts"],
  run({ portfolio, listings, contacts }, ctx) {
    const start = ctx.snapshot.period.endDate;
    const rows: Record<string, string | number | null>[] = [];
    const selling = sellingEntities(portfolio.entities);
    const notLocal = selling.filter((e) => !LOCAL_MODELS.has(e.businessModel));
    for (const e of selling.filter((x) => LOCAL_MODELS.has(x.businessModel))) {
      const status = (ch: string) => listings.listings.find((l) => l.entity === e.id && l.channel === ch)?.status ?? "absent";
      const where = e.domains[0] ?? e.name;
      // The profile that matters most: the fitting search channel with the largest audience.
      const search = listings.channels
        .filter((c) => c.kind === "search" && fits(c, e))
        .sort((a, b) => b.monthlyAudience - a.monthlyAudience)[0];
      const dirs = listings.channels.filter((c) => c.kind === "directory" && fits(c, e));
      const missingDirs = dirs.filter((c) => status(c.id) !== "listed").map((c) => c.name);
      const list = contacts.lists.filter((l) => l.entity === e.id).reduce((a, l) => a + l.optedIn, 0);
      rows.push({
        entity: e.name,
        day30: !search
          ? `Publish name, address and phone on ${where}, the same everywhere`
          : status(search.id) === "listed"
            ? `Complete ${search.name} (photos, hours, services) for ${where}`
            : `Claim and verify ${search.name} for ${where}`,
        day60:
          list > 0
            ? `Ask ${list} opted-in contacts for reviews; publish a service-area page`
            : "Publish a service-area page with name, address and phone matching every listing",
        day90: missingDirs.length
          ? `Get listed on ${missingDirs.join(", ")}`
          : "Earn 3 local backlinks (partners, local press, associations)",
        due30: addDays(start, 30),
        due90: addDays(start, 90),
      });
    }
    return {
      sections: [
        {
          id: "local-seo",
          title: "Local SEO plan: 30 / 60 / 90 days",
          ...(notLocal.length
            ? { intro: `Not planned for ${notLocal.map((e) => `${e.name} (${e.businessModel}: not sold in a place)`).join(", ")}.` }
            : {}),
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
  headline: ["ota-listings", "channel-coverage", "contacts-reachable", "conversion:{entity}"],
  title: "CMO report: go-to-market",
  checks: [channelMatrix, otaSequencing, emailBlast, funnelConversion, localSeo],
};
