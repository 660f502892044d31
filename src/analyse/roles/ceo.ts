/** CEO: asset and profitability audit across the portfolio. */

import { check, usd } from "../check.js";
import { breakEvens, brokenFunnels, liveOtaListings, otaSequence, sellingEntities } from "../facts.js";
import { burnRange, monthlyNet, recentCompleteMonths, runwayMonths } from "../finance/burn.js";
import { sum } from "../finance/money.js";
import type { RoleDefinition } from "../role.js";

export const assetInventory = check({
  id: "asset-inventory",
  needs: ["portfolio", "repos", "listings", "accounts", "assets"],
  run({ portfolio, repos, listings, accounts, assets }, ctx) {
    const rows: Record<string, string | number | null>[] = [];
    for (const e of portfolio.entities) {
      for (const d of e.domains) rows.push({ entity: e.name, kind: "domain", name: d, detail: e.hosting });
      for (const s of e.services) rows.push({ entity: e.name, kind: "service", name: s.name, detail: `${s.kind}, auth ${s.auth}` });
    }
    for (const r of repos.repos)
      rows.push({
        entity: ctx.entityName(r.entity),
        kind: "repository",
        name: r.github ?? r.path ?? r.id,
        detail: r.github ? "GitHub" : "local clone",
      });
    for (const l of listings.listings) rows.push({ entity: ctx.entityName(l.entity), kind: "listing", name: l.channel, detail: l.status });
    for (const a of accounts.accounts)
      rows.push({ entity: ctx.entityName(a.entity), kind: `account (${a.kind})`, name: a.provider, detail: a.purpose });
    for (const a of assets.assets)
      rows.push({
        entity: ctx.entityName(a.entity),
        kind: a.kind,
        name: a.name,
        detail: a.value === undefined ? "value not recorded" : usd(a.value),
      });
    const byKind = new Map<string, number>();
    for (const r of rows) {
      const kind = String(r.kind).split(" ")[0]!;
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    return {
      sections: [
        {
          id: "asset-inventory",
          title: "Asset inventory",
          intro: `${rows.length} assets across ${portfolio.entities.length} entities: ${[...byKind].map(([k, n]) => `${n} ${k}`).join(", ")}.`,
          columns: [
            { key: "entity", label: "Entity" },
            { key: "kind", label: "Kind" },
            { key: "name", label: "Asset" },
            { key: "detail", label: "Detail" },
          ],
          rows,
          source: ctx.source("portfolio", "repos", "listings", "accounts", "assets"),
        },
      ],
    };
  },
});

export const salesPipeline = check({
  id: "sales-pipeline",
  needs: ["portfolio", "pipeline", "costs"],
  kpis: ["pipeline-value"],
  run({ portfolio, pipeline, costs }, ctx) {
    const open = pipeline.leads.filter((l) => l.stage !== "won" && l.stage !== "lost");
    const findings = sellingEntities(portfolio.entities)
      .filter((e) => !open.some((l) => l.entity === e.id))
      .map((e) => {
        const fixed = sum(costs.fixed.filter((f) => f.entity === e.id).map((f) => f.monthly));
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
    };
  },
});

export const revenueTracking = check({
  id: "revenue-tracking",
  needs: ["portfolio", "costs"],
  kpis: ["entities-with-revenue-tracking"],
  run({ portfolio, costs }, ctx) {
    const selling = sellingEntities(portfolio.entities);
    const tracked = selling.filter((e) => e.revenueTracking !== "none");
    const findings = selling
      .filter((e) => e.revenueTracking === "none" || e.revenueTracking === "spreadsheet")
      .map((e) => ({
        entity: e.id,
        severity: e.revenueTracking === "none" ? ("critical" as const) : ("medium" as const),
        title:
          e.revenueTracking === "none"
            ? `${e.name} has no revenue-tracking infrastructure`
            : `${e.name} tracks revenue only in a spreadsheet`,
        evidence: [`revenueTracking: ${e.revenueTracking}`, `stage: ${e.stage}`],
        recommendation:
          e.revenueTracking === "none"
            ? "Record every sale in the payments system and the books. Until then its revenue cannot be reported."
            : "Move revenue records into the accounting system. Reconcile them against payouts monthly.",
        impactUsdPerMonth: sum(costs.fixed.filter((f) => f.entity === e.id).map((f) => f.monthly)),
        sources: [ctx.source("portfolio")],
      }));
    return {
      kpis: selling.length
        ? [
            {
              id: "entities-with-revenue-tracking",
              value: Math.round((tracked.length / selling.length) * 100),
              source: ctx.source("portfolio"),
              asOf: ctx.asOf("portfolio"),
            },
          ]
        : [{ id: "entities-with-revenue-tracking", missing: "no operating or launching entity in scope" }],
      findings,
    };
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
        const unit = costs.unitEconomics.find((u) => u.entity === e.id);
        return [
          {
            entity: e.id,
            severity: "high" as const,
            title: `${e.name} has zero OTA or marketplace listings`,
            evidence: [`${seq.length} fitting channels absent: ${seq.map((s) => s.channel.name).join(", ")}`],
            recommendation: `List on ${first.channel.name} first (${first.channel.commissionPct}% commission, ${first.channel.setupEffortDays} days to set up).`,
            impactUsdPerMonth: unit ? unit.price : null,
            sources: [ctx.source("listings", "costs")],
          },
        ];
      });
    return { kpis: [{ id: "ota-listings", value: live.length, source: ctx.source("listings"), asOf: ctx.asOf("listings") }], findings };
  },
});

export const brokenFunnel = check({
  id: "broken-funnel",
  needs: ["pipeline", "costs"],
  run({ pipeline, costs }, ctx) {
    return {
      findings: brokenFunnels(pipeline).map((b) => {
        const price = costs.unitEconomics.find((u) => u.entity === b.entity)?.price ?? null;
        return {
          entity: b.entity,
          severity: "critical" as const,
          title: `${ctx.entityName(b.entity)}: funnel breaks at "${b.from.stage} → ${b.to.stage}"`,
          evidence: [`${b.month}: ${b.first.count} ${b.first.stage} → ${b.from.count} ${b.from.stage} → ${b.to.count} ${b.to.stage}`],
          recommendation: `Fix the step from ${b.from.stage} to ${b.to.stage}: call back every quote within 24 hours and take a deposit on the call.`,
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
  kpis: ["revenue-last-month", "net-burn", "runway"],
  run({ revenue, expenses, accounts, portfolio }, ctx) {
    const months = recentCompleteMonths([...revenue.revenue, ...expenses.expenses], ctx.snapshot.period.end, 3);
    const rows = monthlyNet(revenue.revenue, expenses.expenses, months);
    const range = burnRange(rows);
    const src = ctx.source("revenue", "expenses");
    const asOf = ctx.asOf("revenue", "expenses");
    const banks = accounts.accounts.filter((a) => a.kind === "bank" && a.balance !== undefined);
    const cash = sum(banks.map((a) => a.balance!));
    const last = rows.at(-1);
    const kpis = [
      last
        ? { id: "revenue-last-month", value: last.revenue, source: `${ctx.source("revenue")} (${last.month})`, asOf }
        : { id: "revenue-last-month", missing: "no complete month of revenue records before the period" },
      range
        ? { id: "net-burn", value: range.average, source: `${src} (${range.months.join(", ")})`, asOf }
        : { id: "net-burn", missing: "no complete month of records" },
      range && banks.length
        ? {
            id: "runway",
            value: runwayMonths(cash, range.average),
            source: `${ctx.source("accounts")} cash ÷ average net burn`,
            asOf: ctx.asOf("accounts", "revenue", "expenses"),
          }
        : { id: "runway", missing: banks.length ? "no burn history" : "no bank balance in accounts.yaml" },
    ];
    const hasBooks = accounts.accounts.some((a) => a.kind === "accounting");
    const monitored = portfolio.entities.some((e) => e.kind === "support" && e.monitoring !== "none") && hasBooks;
    const findings =
      range && range.average > 0 && !monitored
        ? [
            {
              entity: "portfolio",
              severity: "high" as const,
              title: "Burn rate is not monitored",
              evidence: [
                `net burn ${usd(range.low)}–${usd(range.high)} a month over ${range.months.join(", ")}`,
                hasBooks ? "accounting system present" : "no accounting system among the accounts",
              ],
              recommendation: "Set a monthly burn budget per entity with an alert at 110%. Review burn in this report every week.",
              impactUsdPerMonth: range.average,
              sources: [src, ctx.source("accounts")],
            },
          ]
        : [];
    return { kpis, findings };
  },
});

export const profitability = check({
  id: "profitability",
  needs: ["costs", "revenue", "expenses"],
  run({ costs, revenue, expenses }, ctx) {
    const months = recentCompleteMonths([...revenue.revenue, ...expenses.expenses], ctx.snapshot.period.end, 3);
    const rows = breakEvens(costs).map((b) => {
      const net = monthlyNet(revenue.revenue, expenses.expenses, months, b.entity);
      const avgNet = net.length ? sum(net.map((n) => n.revenue - n.expenses)) / net.length : null;
      return {
        entity: ctx.entityName(b.entity),
        unit: b.unit,
        price: b.price,
        contribution: b.contribution,
        breakEven: b.unitsPerMonth,
        profit: avgNet === null ? null : Math.round(avgNet),
      };
    });
    return {
      sections: [
        {
          id: "profitability",
          title: "Profitability by entity",
          intro: `Average monthly profit over ${months.join(", ") || "no complete month"}; break-even is fixed costs ÷ contribution per unit.`,
          columns: [
            { key: "entity", label: "Entity" },
            { key: "unit", label: "Unit" },
            { key: "price", label: "Price", unit: "usd" },
            { key: "contribution", label: "Contribution", unit: "usd" },
            { key: "breakEven", label: "Break-even units/mo", unit: "count" },
            { key: "profit", label: "Avg monthly profit", unit: "usd" },
          ],
          rows,
          chart: { label: "entity", value: "profit", unit: "usd" },
          source: ctx.source("costs", "revenue", "expenses"),
        },
      ],
    };
  },
});

export const ceo: RoleDefinition = {
  id: "ceo",
  label: "CEO",
  headline: ["net-burn", "runway", "revenue-last-month", "pipeline-value"],
  title: "CEO report: assets and profitability",
  rankBy: "impact",
  checks: [assetInventory, salesPipeline, revenueTracking, keyPersonEquity, otaListings, brokenFunnel, burnMonitoring, profitability],
};
