/** CEO: asset and profitability audit across the portfolio. */

import { LEAD_MODELS } from "../../config/schema.js";
import { check, type FindingDraft, type KpiResult, usd } from "../check.js";
import {
  brokenFunnels,
  fixedCosts,
  liveOtaListings,
  otaSequence,
  plural,
  sellingEntities,
  stepName,
  unitOf,
  unitsInMonth,
} from "../facts.js";
import { burnRange, monthlyFlows } from "../finance/burn.js";
import { sum } from "../finance/money.js";
import { monthWindow, recentMonthsWithData } from "../finance/months.js";
import { recognised } from "../finance/revenue.js";
import { kpiIdFor } from "../kpi-catalogue.js";
import type { RoleDefinition } from "../role.js";
import { assetInventory, profitability } from "./ceo-portfolio.js";
import { cashKpis, conversionKpis, lastMonth, monthGap, revenueCoverage, runwayKpi } from "./common.js";
import { customerKpis, reviewRating } from "./customers.js";

export const salesPipeline = check({
  id: "sales-pipeline",
  needs: ["portfolio", "pipeline", "costs"],
  kpis: ["pipeline-value"],
  run({ portfolio, pipeline, costs }, ctx) {
    const open = pipeline.leads.filter((l) => l.stage !== "won" && l.stage !== "lost");
    const selling = sellingEntities(portfolio.entities);
    // A shop or a consumer subscription sells without leads: an empty pipeline says nothing about it.
    const noLeads = selling.filter((e) => !LEAD_MODELS.has(e.businessModel));
    const findings = selling
      .filter((e) => LEAD_MODELS.has(e.businessModel) && !open.some((l) => l.entity === e.id))
      .map((e) => {
        const fixed = fixedCosts(costs, e.id);
        return {
          entity: e.id,
          severity: "critical" as const,
          title: `${e.name} has an empty sales pipeline`,
          evidence: [`0 open leads in ${ctx.source("pipeline")}`, `fixed costs to cover: ${usd(fixed)}/month`],
          recommendation: `Build a pipeline of at least ${usd(fixed * 2)} in open leads. Log every inquiry as a lead with a value and a stage.`,
          impactUsdPerMonth: fixed,
          sources: [ctx.source("pipeline", "costs")],
        };
      });
    return {
      kpis: [{ id: "pipeline-value", value: sum(open.map((l) => l.value)), source: ctx.source("pipeline"), asOf: ctx.asOf("pipeline") }],
      findings,
      summary: noLeads.length
        ? [`Sales pipeline not assessed for ${noLeads.map((e) => `${e.name} (${e.businessModel}: sold without leads)`).join(", ")}.`]
        : [],
    };
  },
});

export const revenueTracking = check({
  id: "revenue-tracking",
  needs: ["portfolio", "costs", "revenue"],
  kpis: ["entities-with-revenue-tracking", "revenue:{entity}", "utilisation:{entity}"],
  run({ portfolio, costs, revenue }, ctx) {
    const selling = sellingEntities(portfolio.entities);
    const tracked = selling.filter((e) => e.revenueTracking !== "none");
    const month = lastMonth(ctx);
    const { from, to } = monthWindow(month);
    const src = `${ctx.source("revenue")} (${month}, recognised)`;
    const gap = monthGap(ctx, month);
    const kpis: KpiResult[] = [];
    for (const e of selling) {
      const u = unitOf(costs, e.id);
      const vars = { entity: e.name, units: u ? plural(u.unit, 2, u.unitPlural) : undefined };
      const records = revenue.revenue.filter((r) => r.entity === e.id);
      // No tracking and no records, or a month before the books begin: the revenue is unknown, not zero.
      const unknown = (e.revenueTracking === "none" && records.length === 0) || gap !== undefined;
      const why = gap ?? `${e.name} records no revenue (revenueTracking: none in ${ctx.source("portfolio")})`;
      kpis.push(
        unknown
          ? { id: kpiIdFor("revenue:{entity}", e.id), missing: why, vars }
          : { id: kpiIdFor("revenue:{entity}", e.id), value: recognised(records, from, to), source: src, asOf: ctx.asOf("revenue"), vars },
      );
      const uid = kpiIdFor("utilisation:{entity}", e.id);
      if (!u?.capacityPerMonth)
        kpis.push({ id: uid, missing: `no unit economics with capacityPerMonth for ${e.name} in ${ctx.source("costs")}`, vars });
      else if (unknown) kpis.push({ id: uid, missing: why, vars });
      else
        kpis.push({
          id: uid,
          value: Math.round((unitsInMonth(revenue.revenue, u, month) / u.capacityPerMonth) * 1000) / 10,
          source: `${ctx.source("revenue", "costs")} (${month} units sold ÷ capacity)`,
          asOf: ctx.asOf("revenue", "costs"),
          vars,
        });
    }
    const findings: FindingDraft[] = selling
      .filter((e) => e.revenueTracking === "none" || e.revenueTracking === "spreadsheet")
      .map((e) => ({
        entity: e.id,
        severity: e.revenueTracking === "none" ? "critical" : "medium",
        title:
          e.revenueTracking === "none"
            ? `${e.name} has no revenue-tracking infrastructure`
            : `${e.name} tracks revenue only in a spreadsheet`,
        evidence: [`revenueTracking: ${e.revenueTracking}`, `stage: ${e.stage}`],
        recommendation:
          e.revenueTracking === "none"
            ? "Record every sale in the payments system and the books. Until then its revenue cannot be reported."
            : "Move revenue records into the accounting system. Reconcile them against payouts monthly.",
        impactUsdPerMonth: fixedCosts(costs, e.id),
        sources: [ctx.source("portfolio")],
      }));
    kpis.unshift(
      selling.length
        ? {
            id: "entities-with-revenue-tracking",
            value: Math.round((tracked.length / selling.length) * 100),
            source: ctx.source("portfolio"),
            asOf: ctx.asOf("portfolio"),
          }
        : { id: "entities-with-revenue-tracking", missing: "no operating or launching entity in scope" },
    );
    return { kpis, findings };
  },
});

export const keyPersonEquity = check({
  id: "key-person-equity",
  needs: ["equity"],
  run({ equity }, ctx) {
    const entities = [...new Set(equity.holders.map((h) => h.entity))];
    const findings = entities.flatMap((id) => {
      const holders = equity.holders.filter((h) => h.entity === id && h.operational);
      const unvested = holders.filter((h) => !h.vesting && h.pct >= 25);
      const signed = (kind: string) => equity.agreements.some((a) => a.entity === id && a.kind === kind && a.signed);
      if (holders.length < 2 || unvested.length < 2 || signed("buy-sell agreement")) return [];
      return [
        {
          entity: id,
          severity: "high" as const,
          title: `${ctx.entityName(id)}: key-person risk in co-founder equity`,
          evidence: [
            ...unvested.map((h) => `${h.holder} holds ${h.pct}% with no vesting and works in the business`),
            `buy-sell agreement: ${signed("buy-sell agreement") ? "signed" : "not signed"}; key-person insurance: ${signed("key-person insurance") ? "in place" : "none"}`,
          ],
          recommendation: "Sign a buy-sell agreement with vesting and a key-person clause. Price key-person insurance.",
          impactUsdPerMonth: null,
          sources: [ctx.source("equity")],
        },
      ];
    });
    return { findings };
  },
});

export const otaListings = check({
  id: "ota-listings",
  needs: ["portfolio", "listings", "costs"],
  kpis: ["ota-listings"],
  run({ portfolio, listings, costs }, ctx) {
    const live = liveOtaListings(listings);
    const findings = sellingEntities(portfolio.entities)
      .filter((e) => !live.some((l) => l.entity === e.id))
      .flatMap((e) => {
        const seq = otaSequence(listings, e);
        const first = seq[0];
        if (!first) return [];
        const c = first.channels[0]!;
        return [
          {
            entity: e.id,
            severity: "high" as const,
            title: `${e.name} has zero OTA or marketplace listings`,
            evidence: [`${seq.length} fitting channel steps absent: ${seq.map(stepName).join(" → ")}`],
            recommendation: `List on ${stepName(first)} first (${c.commissionPct}% commission, ${c.setupEffortDays} ${c.setupEffortDays === 1 ? "day" : "days"} to set up).`,
            impactUsdPerMonth: unitOf(costs, e.id)?.price ?? null,
            sources: [ctx.source("listings", "costs")],
          },
        ];
      });
    return { kpis: [{ id: "ota-listings", value: live.length, source: ctx.source("listings"), asOf: ctx.asOf("listings") }], findings };
  },
});

export const brokenFunnel = check({
  id: "broken-funnel",
  needs: ["pipeline", "costs", "portfolio"],
  kpis: ["conversion:{entity}"],
  run({ pipeline, costs, portfolio }, ctx) {
    return {
      kpis: conversionKpis({ pipeline, portfolio }, ctx),
      findings: brokenFunnels(pipeline, lastMonth(ctx)).map((b) => {
        const price = unitOf(costs, b.entity)?.price ?? null;
        return {
          entity: b.entity,
          severity: "critical" as const,
          title: `${ctx.entityName(b.entity)}: funnel breaks at "${b.from.stage} → ${b.to.stage}"`,
          evidence: [`${b.month}: ${b.first.count} ${b.first.stage} → ${b.from.count} ${b.from.stage} → ${b.to.count} ${b.to.stage}`],
          recommendation: `Fix the step from ${b.from.stage} to ${b.to.stage}: follow up each of the ${b.from.count} within a day and record why none became ${b.to.stage}.`,
          impactUsdPerMonth: price === null ? null : b.from.count * price,
          sources: [ctx.source("pipeline")],
        };
      }),
    };
  },
});

export const burnMonitoring = check({
  id: "burn-monitoring",
  needs: ["revenue", "expenses", "accounts", "portfolio"],
  kpis: ["revenue-last-month", "gross-burn", "net-burn", "runway", "cash:{entity}"],
  run({ revenue, expenses, accounts, portfolio }, ctx) {
    const months = recentMonthsWithData(
      [...revenue.revenue, ...expenses.expenses].map((r) => r.date),
      ctx.snapshot.period.endDate,
      3,
    );
    const rows = monthlyFlows(revenue.revenue, expenses.expenses, months);
    const net = burnRange(rows, "netBurn");
    const gross = burnRange(rows, "grossBurn");
    const src = `${ctx.source("revenue", "expenses")} (${months.join(", ")})`;
    const asOf = ctx.asOf("revenue", "expenses");
    const cash = cashKpis({ accounts, revenue, expenses, portfolio }, ctx);
    const month = lastMonth(ctx);
    const { from, to } = monthWindow(month);
    const cover = revenueCoverage({ portfolio, revenue });
    // With every selling entity's revenue unknown, anything net of revenue is unknown too (never cash out passed off as net).
    const netKnown = net && !cover.unknown ? net : null;
    const noMonths = "no complete month of records";
    const unknownMonth = cover.unknown ?? monthGap(ctx, month);
    const kpis: KpiResult[] = [
      unknownMonth
        ? { id: "revenue-last-month", missing: unknownMonth }
        : {
            id: "revenue-last-month",
            value: recognised(revenue.revenue, from, to),
            source: `${ctx.source("revenue")} (${month}, recognised${cover.note})`,
            asOf,
          },
      gross ? { id: "gross-burn", value: gross.average, source: src, asOf } : { id: "gross-burn", missing: noMonths },
      netKnown
        ? { id: "net-burn", value: netKnown.average, source: `${src}${cover.note ? ` (${cover.note.slice(2)})` : ""}`, asOf }
        : { id: "net-burn", missing: cover.unknown ? `cash in unknown: ${cover.unknown}` : noMonths },
      runwayKpi(cash.total, netKnown, cover.unknown ? `cash in unknown: ${cover.unknown}` : noMonths, asOf),
      ...cash.perEntity,
    ];
    const hasBooks = accounts.accounts.some((a) => a.kind === "accounting");
    const burning = gross && (netKnown ? netKnown.average > 0 : gross.average > 0);
    const findings: FindingDraft[] =
      gross && burning && !hasBooks
        ? [
            {
              entity: "portfolio",
              severity: "high",
              title: "Burn rate is not monitored",
              evidence: [
                `cash out ${usd(gross.low)}–${usd(gross.high)} a month${netKnown ? `, net burn ${usd(netKnown.low)}–${usd(netKnown.high)}` : ""}, over ${months.join(", ")}`,
                "no accounting system among the accounts: nobody sees burn until the bank balance drops",
              ],
              recommendation: "Set a monthly burn budget per entity with an alert at 110%. Review burn in this report every week.",
              impactUsdPerMonth: netKnown ? netKnown.average : gross.average,
              sources: [src, ctx.source("accounts")],
            },
          ]
        : [];
    return { kpis, findings };
  },
});

export const ceo: RoleDefinition = {
  id: "ceo",
  label: "CEO",
  headline: ["revenue-last-month", "net-burn", "runway", "pipeline-value"],
  title: "CEO report: assets and profitability",
  checks: [
    assetInventory,
    salesPipeline,
    revenueTracking,
    keyPersonEquity,
    otaListings,
    brokenFunnel,
    burnMonitoring,
    profitability,
    customerKpis,
    reviewRating,
  ],
};
