/** KPIs that several roles report from the same facts and the same definitions (cash, conversion, revenue). */
import { isPresent } from "../../collect/snapshot.js";
import type { Inventory } from "../../config/schema.js";
import type { CheckContext, KpiResult } from "../check.js";
import { latestFunnels, sellingEntities } from "../facts.js";
import { type BurnRange, runwayMonths } from "../finance/burn.js";
import { cashPosition } from "../finance/cash.js";
import { lastCompleteMonth, monthWindow } from "../finance/months.js";
import { kpiIdFor } from "../kpi-catalogue.js";

/** The last month the report's period has completed (YYYY-MM). */
export function lastMonth(ctx: CheckContext): string {
  return lastCompleteMonth(ctx.snapshot.period.endDate);
}

/**
 * Why the books cannot say what held before `until` (an exclusive date; `what` names the span): the revenue and
 * expense records in scope begin on or after it, or there are none, so a figure for it would be a false $0.
 * Undefined when the records reach back that far.
 */
export function booksGap(ctx: CheckContext, until: string, what: string): string | undefined {
  const { revenue, expenses } = ctx.snapshot.datasets;
  // One pass for the earliest date (several checks ask, and a large ledger is tens of thousands of lines).
  let first: string | undefined;
  for (const records of [isPresent(revenue) ? revenue.value.revenue : [], isPresent(expenses) ? expenses.value.expenses : []])
    for (const r of records) if (first === undefined || r.date < first) first = r.date;
  const source = ctx.source("revenue", "expenses");
  if (first === undefined) return `no revenue or expense records in ${source}`;
  return first >= until ? `${what} is before the books: the first record in ${source} is dated ${first}` : undefined;
}

/** booksGap for a whole month (YYYY-MM). */
export const monthGap = (ctx: CheckContext, month: string) => booksGap(ctx, monthWindow(month).to, month);

/** Entities in the report's scope. */
export function scopeIds(portfolio: Inventory["portfolio"]): Set<string> {
  return new Set(portfolio.entities.map((e) => e.id));
}

/** Cash for the whole scope (`cash`) and per selling entity (`cash:{entity}`), missing with the reason when unknown. */
export function cashKpis(
  d: Pick<Inventory, "accounts" | "revenue" | "expenses" | "portfolio">,
  ctx: CheckContext,
): { total: KpiResult; perEntity: KpiResult[] } {
  const paidFrom = [...d.revenue.revenue, ...d.expenses.expenses].map((r) => ({ entity: r.entity, account: r.account }));
  const src = `${ctx.source("accounts")} bank balances`;
  const asKpi = (id: string, entities: Set<string>, vars?: KpiResult["vars"]): KpiResult => {
    const c = cashPosition(d.accounts.accounts, entities, paidFrom, ctx.entityName);
    if ("missing" in c) return { id, missing: c.missing, vars };
    const shared = c.parts.filter((p) => p.share < 1).map((p) => `${Math.round(p.share * 100)}% of ${p.account}`);
    return {
      id,
      value: c.value,
      source: `${src} (${c.parts.length} account${c.parts.length === 1 ? "" : "s"}${shared.length ? `; ${shared.join(", ")} by allocation` : ""})`,
      asOf: c.asOf ?? ctx.asOf("accounts"),
      vars,
    };
  };
  return {
    total: asKpi("cash", scopeIds(d.portfolio)),
    perEntity: sellingEntities(d.portfolio.entities).map((e) =>
      asKpi(kpiIdFor("cash:{entity}", e.id), new Set([e.id]), { entity: e.name }),
    ),
  };
}

/** Conversion from the first to the last funnel stage per selling entity, in its latest complete funnel month. */
export function conversionKpis(d: Pick<Inventory, "pipeline" | "portfolio">, ctx: CheckContext): KpiResult[] {
  const latest = latestFunnels(d.pipeline, lastMonth(ctx));
  return sellingEntities(d.portfolio.entities).map((e): KpiResult => {
    const id = kpiIdFor("conversion:{entity}", e.id);
    const vars = { entity: e.name };
    const f = latest.get(e.id);
    if (!f) return { id, missing: `no funnel counts for ${e.name} in ${ctx.source("pipeline")} up to ${lastMonth(ctx)}`, vars };
    const first = f.stages[0]!;
    const last = f.stages.at(-1)!;
    if (first.count === 0) return { id, missing: `no ${first.stage} recorded for ${e.name} in ${f.month}`, vars };
    return {
      id,
      value: Math.round((last.count / first.count) * 10000) / 100,
      source: `${ctx.source("pipeline")} (${e.name} ${f.month}: ${last.stage} ÷ ${first.stage})`,
      asOf: ctx.asOf("pipeline"),
      vars,
    };
  });
}

/**
 * Selling entities whose revenue is unknown (no revenue tracking and no records). When every selling entity in scope
 * is one, revenue-based figures are missing; when some are, the figures cover the others and say so.
 */
export function revenueCoverage(d: Pick<Inventory, "portfolio" | "revenue">): {
  untracked: string[];
  unknown: string | undefined;
  note: string;
} {
  const selling = sellingEntities(d.portfolio.entities);
  const untracked = selling.filter((e) => e.revenueTracking === "none" && !d.revenue.revenue.some((r) => r.entity === e.id));
  const names = untracked.map((e) => e.name).join(", ");
  return {
    untracked: untracked.map((e) => e.id),
    unknown:
      untracked.length && untracked.length === selling.length
        ? `revenue unknown: ${names} records no revenue (revenueTracking: none)`
        : undefined,
    note: untracked.length ? `; excludes ${names} (no revenue tracking)` : "",
  };
}

/**
 * Runway = cash ÷ average net burn. Missing with the reason when either is unknown, and when the scope is not burning
 * cash (an unlimited runway is not a number to chart).
 */
export function runwayKpi(cash: KpiResult, net: BurnRange | null, whyNoNet: string, asOf: string): KpiResult {
  if (!net) return { id: "runway", missing: whyNoNet };
  if ("missing" in cash) return { id: "runway", missing: `cash unknown: ${cash.missing}` };
  if (net.average <= 0)
    return { id: "runway", missing: `no limit: cash in exceeded cash out on average over ${net.months.join(", ")} (not burning cash)` };
  return { id: "runway", value: runwayMonths(cash.value, net.average), source: `${cash.source} ÷ average net burn`, asOf };
}
