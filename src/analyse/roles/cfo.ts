/** CFO: cash, burn, runway, break-even and the road to profitability. */

import { isPresent } from "../../collect/snapshot.js";
import type { Inventory } from "../../config/schema.js";
import { check, type FindingDraft, type KpiResult, usd } from "../check.js";
import { breakEvens, plural, sellingEntities, units, unitsInMonth } from "../facts.js";
import { burnRange, monthlyFlows } from "../finance/burn.js";
import { cents, sum } from "../finance/money.js";
import { monthWindow, recentMonthsWithData } from "../finance/months.js";
import { cashReceived, deferredAt, recognised } from "../finance/revenue.js";
import { kpiIdFor } from "../kpi-catalogue.js";
import type { RoleDefinition } from "../role.js";
import { accountingSystem, roadmap } from "./cfo-plan.js";
import { booksGap, cashKpis, lastMonth, monthGap, revenueCoverage, runwayKpi } from "./common.js";

export const cash = check({
  id: "cash",
  // Balances are the facts; revenue and expense records only tell which accounts an entity pays from (used when present).
  needs: ["accounts", "portfolio"],
  kpis: ["cash", "cash:{entity}"],
  run({ accounts, portfolio }, ctx) {
    const rows = <K extends "revenue" | "expenses">(k: K) => {
      const f = ctx.snapshot.datasets[k];
      return isPresent(f) ? f.value : ({ [k]: [] } as unknown as Inventory[K]);
    };
    const { total, perEntity } = cashKpis({ accounts, portfolio, revenue: rows("revenue"), expenses: rows("expenses") }, ctx);
    return { kpis: [total, ...perEntity] };
  },
});

export const burn = check({
  id: "burn",
  needs: ["revenue", "expenses", "accounts", "portfolio"],
  kpis: ["burn-low", "burn-high", "gross-burn", "net-burn", "runway", "revenue-recognised-last-month", "cash-received-last-month"],
  run({ revenue, expenses, accounts, portfolio }, ctx) {
    const months = recentMonthsWithData(
      [...revenue.revenue, ...expenses.expenses].map((r) => r.date),
      ctx.snapshot.period.endDate,
      3,
    );
    const total = monthlyFlows(revenue.revenue, expenses.expenses, months);
    const gross = burnRange(total, "grossBurn");
    const net = burnRange(total, "netBurn");
    const src = `${ctx.source("revenue", "expenses")} (${months.join(", ") || "no complete month"})`;
    const asOf = ctx.asOf("revenue", "expenses");
    const month = lastMonth(ctx);
    const { from, to } = monthWindow(month);
    const cover = revenueCoverage({ portfolio, revenue });
    const unknownMonth = cover.unknown ?? monthGap(ctx, month);
    const flowKpis: KpiResult[] = unknownMonth
      ? [
          { id: "revenue-recognised-last-month", missing: unknownMonth },
          { id: "cash-received-last-month", missing: unknownMonth },
        ]
      : [
          {
            id: "revenue-recognised-last-month",
            value: recognised(revenue.revenue, from, to),
            source: `${ctx.source("revenue")} (${month}${cover.note})`,
            asOf,
          },
          {
            id: "cash-received-last-month",
            value: cashReceived(revenue.revenue, from, to),
            source: `${ctx.source("revenue")} (${month}${cover.note})`,
            asOf,
          },
        ];
    if (!gross || !net) {
      const why = "no complete month of revenue or expense records before the period";
      return { kpis: [...flowKpis, ...["burn-low", "burn-high", "gross-burn", "net-burn", "runway"].map((id) => ({ id, missing: why }))] };
    }
    const entities = [...new Set([...revenue.revenue, ...expenses.expenses].map((r) => r.entity))].sort();
    const rows: Record<string, string | number | null>[] = entities.map((e) => {
      const flows = monthlyFlows(revenue.revenue, expenses.expenses, months, e);
      const cats = new Map<string, number>();
      for (const x of expenses.expenses.filter((x) => x.entity === e && months.some((m) => x.date.startsWith(m))))
        cats.set(x.category, cents((cats.get(x.category) ?? 0) + x.amount));
      const top = [...cats]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 2)
        .map(([c, a]) => `${c} ${usd(cents(a / months.length))}`);
      const g = burnRange(flows, "grossBurn")!;
      const n = burnRange(flows, "netBurn")!;
      return { entity: ctx.entityName(e), cashOut: g.average, netBurn: n.average, low: n.low, high: n.high, topCategories: top.join(", ") };
    });
    const cashNow = cashKpis({ accounts, revenue, expenses, portfolio }, ctx).total;
    const netKpi: KpiResult = cover.unknown
      ? { id: "net-burn", missing: `cash in unknown: ${cover.unknown}` }
      : { id: "net-burn", value: net.average, source: `${src}${cover.note ? ` (${cover.note.slice(2)})` : ""}`, asOf };
    const runway = runwayKpi(cashNow, "missing" in netKpi ? null : net, "missing" in netKpi ? netKpi.missing : "", asOf);
    const findings: FindingDraft[] = [];
    // A runway needs a cash figure: with cash unknown there is no runway finding (never "0 months, cash $0").
    if ("value" in runway && net.average > 0 && Number.isFinite(runway.value) && runway.value < 12 && "value" in cashNow) {
      findings.push({
        entity: "portfolio",
        severity: runway.value < 6 ? "critical" : "high",
        title: `Runway is ${runway.value} months at the current burn`,
        evidence: [`cash ${usd(cashNow.value)}`, `net burn ${usd(net.low)}–${usd(net.high)} a month (${months.join(", ")})`],
        recommendation: `Cut or fund ${usd(net.average)} of monthly burn. Start with the entities whose profit is most negative.`,
        impactUsdPerMonth: net.average,
        sources: [ctx.source("accounts", "revenue", "expenses")],
      });
    }
    return {
      kpis: [
        ...flowKpis,
        { id: "burn-low", value: gross.low, source: src, asOf },
        { id: "burn-high", value: gross.high, source: src, asOf },
        { id: "gross-burn", value: gross.average, source: src, asOf },
        netKpi,
        runway,
      ],
      findings,
      sections: [
        {
          id: "burn-by-month",
          title: "Cash flow and burn by month",
          intro:
            "Gross burn is cash out; net burn is cash out minus cash in. Revenue is recognised revenue (deposits count when the service is delivered).",
          columns: [
            { key: "month", label: "Month" },
            { key: "revenue", label: "Revenue recognised", unit: "usd" },
            { key: "cashIn", label: "Cash in", unit: "usd" },
            { key: "cashOut", label: "Cash out (gross burn)", unit: "usd" },
            { key: "netBurn", label: "Net burn", unit: "usd" },
          ],
          rows: total.map((t) => ({ month: t.month, revenue: t.revenue, cashIn: t.cashIn, cashOut: t.cashOut, netBurn: t.netBurn })),
          chart: { label: "month", value: "cashOut", unit: "usd" },
          source: src,
        },
        {
          id: "burn-by-entity",
          title: "Monthly burn by entity (average and net range over recent months)",
          columns: [
            { key: "entity", label: "Entity" },
            { key: "cashOut", label: "Cash out", unit: "usd" },
            { key: "netBurn", label: "Net burn", unit: "usd" },
            { key: "low", label: "Net low", unit: "usd" },
            { key: "high", label: "Net high", unit: "usd" },
            { key: "topCategories", label: "Largest categories (per month)" },
          ],
          rows,
          source: src,
        },
      ],
      summary: [
        `Cash out ${usd(gross.low)}–${usd(gross.high)} a month, net burn ${usd(net.low)}–${usd(net.high)}, over ${months.join(", ")}.`,
      ],
    };
  },
});

export const breakEvenCheck = check({
  id: "break-even",
  needs: ["costs", "revenue", "portfolio"],
  kpis: ["gross-margin", "break-even:{entity}"],
  run({ costs, revenue, portfolio }, ctx) {
    const bes = breakEvens(costs);
    const months = recentMonthsWithData(
      revenue.revenue.map((r) => r.date),
      ctx.snapshot.period.endDate,
      3,
    );
    const src = ctx.source("costs");
    const asOf = ctx.asOf("costs");
    const selling = sellingEntities(portfolio.entities);
    const rows = bes
      .filter((b) => selling.some((e) => e.id === b.entity))
      .map((b) => {
        const e = selling.find((x) => x.id === b.entity)!;
        const tracked = e.revenueTracking !== "none" || revenue.revenue.some((r) => r.entity === b.entity);
        const sold =
          months.length && tracked
            ? Math.round((sum(months.map((m) => unitsInMonth(revenue.revenue, b.unit, m))) / months.length) * 10) / 10
            : null;
        return { entity: e.name, entityId: b.entity, b, sold };
      });
    const kpis: KpiResult[] = selling.map((e) => {
      const r = rows.find((x) => x.entityId === e.id);
      const id = kpiIdFor("break-even:{entity}", e.id);
      if (!r) return { id, missing: `no unit economics for ${e.name} in ${src}`, vars: { entity: e.name } };
      const vars = { entity: e.name, units: plural(r.b.unit.unit, 2, r.b.unit.unitPlural) };
      return r.b.unitsPerMonth === null
        ? { id, missing: `each ${r.b.unit.unit} loses money (contribution ${usd(r.b.contribution)})`, vars }
        : {
            id,
            value: r.b.unitsPerMonth,
            source: `${src} (${e.name}: ${usd(r.b.fixedMonthly)} fixed ÷ ${usd(r.b.contribution)} contribution)`,
            asOf,
            vars,
          };
    });
    const findings: FindingDraft[] = rows
      .filter((r) => r.b.unitsPerMonth !== null && r.sold !== null && r.sold < r.b.unitsPerMonth)
      .map((r) => {
        const be = r.b.unitsPerMonth as number;
        const gap = Math.ceil(be - (r.sold as number));
        return {
          entity: r.entityId,
          severity: "high",
          title: `${r.entity} sells ${units(r.b.unit, r.sold as number)} a month; break-even is ${be}`,
          evidence: [
            `${usd(r.b.fixedMonthly)} fixed ÷ ${usd(r.b.contribution)} contribution per ${r.b.unit.unit} = ${be}`,
            `average ${r.sold} a month over ${months.join(", ")}`,
          ],
          recommendation: `Add ${units(r.b.unit, gap)} a month. Fill the gap through the best sales channel and the contact list.`,
          impactUsdPerMonth: cents((be - (r.sold as number)) * r.b.contribution),
          sources: [ctx.source("costs", "revenue")],
        };
      });
    const priced = bes.filter((b) => b.price > 0);
    const weighted = priced.length
      ? Math.round((sum(priced.map((b) => b.contribution)) / sum(priced.map((b) => b.price))) * 1000) / 10
      : null;
    return {
      kpis: [
        weighted === null
          ? { id: "gross-margin", missing: "no unit economics in costs.yaml" }
          : { id: "gross-margin", value: weighted, source: src, asOf },
        ...kpis,
      ],
      findings,
      sections: [
        {
          id: "break-even",
          title: "Break-even per entity",
          columns: [
            { key: "entity", label: "Entity" },
            { key: "unit", label: "Unit" },
            { key: "price", label: "Price", unit: "usd" },
            { key: "contribution", label: "Contribution", unit: "usd" },
            { key: "fixed", label: "Fixed / month", unit: "usd" },
            { key: "breakEven", label: "Break-even units", unit: "count" },
            { key: "sold", label: "Sold / month", unit: "count" },
          ],
          rows: rows.map((r) => ({
            entity: r.entity,
            unit: r.b.unit.unit,
            price: r.b.price,
            contribution: r.b.contribution,
            fixed: r.b.fixedMonthly,
            breakEven: r.b.unitsPerMonth,
            sold: r.sold,
          })),
          source: ctx.source("costs", "revenue"),
        },
      ],
    };
  },
});

export const deferredRevenue = check({
  id: "deferred-revenue",
  needs: ["revenue", "portfolio"],
  kpis: ["deferred-revenue"],
  run({ revenue, portfolio }, ctx) {
    const { endDate, label } = ctx.snapshot.period;
    const unknown = revenueCoverage({ portfolio, revenue }).unknown ?? booksGap(ctx, endDate, `the balance at the end of ${label}`);
    if (unknown) return { kpis: [{ id: "deferred-revenue", missing: unknown }] };
    const held = deferredAt(revenue.revenue, endDate);
    return {
      kpis: [
        {
          id: "deferred-revenue",
          value: sum(held.map((h) => h.deferred)),
          source: `${ctx.source("revenue")} (${held.length} payments for services after ${ctx.snapshot.period.endDate})`,
          asOf: ctx.asOf("revenue"),
        },
      ],
    };
  },
});

export const cfo: RoleDefinition = {
  id: "cfo",
  label: "CFO",
  headline: ["runway", "cash", "gross-burn", "break-even:{entity}"],
  title: "CFO report: financial controls and burn",
  checks: [cash, burn, breakEvenCheck, roadmap, accountingSystem, deferredRevenue],
};
