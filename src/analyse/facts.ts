/** Small pure helpers shared by several roles' checks. */
import type { Inventory } from "../config/schema.js";
import { type BreakEven, breakEven } from "./finance/break-even.js";
import { chartOfAccounts, type LedgerAccount } from "./finance/chart-of-accounts.js";
import { sum } from "./finance/money.js";

type Entities = Inventory["portfolio"]["entities"];

/** Entities that sell something now or soon (operating or launching). */
export function sellingEntities(entities: Entities): Entities {
  return entities.filter((e) => e.stage === "operating" || e.stage === "launching");
}

/** Break-even per entity that has unit economics. */
export function breakEvens(costs: Inventory["costs"]): (BreakEven & { entity: string; unit: string; capacity: number | null })[] {
  return costs.unitEconomics.map((u) => ({
    entity: u.entity,
    unit: u.unit,
    capacity: u.capacityPerMonth ?? null,
    ...breakEven(u.price, u.variableCosts, sum(costs.fixed.filter((f) => f.entity === u.entity).map((f) => f.monthly))),
  }));
}

/** Channel × entity fit: a channel fits an entity when it serves the entity's business model. */
export function fits(channel: Inventory["listings"]["channels"][number], entity: Entities[number]): boolean {
  return (channel.fits as string[]).includes(entity.businessModel);
}

/** Absent OTA/marketplace channels for an entity, best first: audience net of commission per day of set-up effort. */
export function otaSequence(listings: Inventory["listings"], entity: Entities[number]) {
  const have = new Set(listings.listings.filter((l) => l.entity === entity.id && l.status === "listed").map((l) => l.channel));
  return listings.channels
    .filter((c) => (c.kind === "ota" || c.kind === "marketplace") && fits(c, entity) && !have.has(c.id))
    .map((c) => ({ channel: c, score: Math.round((c.monthlyAudience * (1 - c.commissionPct / 100)) / Math.max(1, c.setupEffortDays)) }))
    .sort((a, b) => b.score - a.score || a.channel.id.localeCompare(b.channel.id));
}

/** Live OTA / marketplace listings. */
export function liveOtaListings(listings: Inventory["listings"]) {
  const kind = new Map(listings.channels.map((c) => [c.id, c.kind]));
  return listings.listings.filter((l) => l.status === "listed" && (kind.get(l.channel) === "ota" || kind.get(l.channel) === "marketplace"));
}

/** Units sold per month: revenue records that complete a sale (balances, sales, services). */
export function unitsSold(revenue: Inventory["revenue"]["revenue"], entity: string, month: string): number {
  return revenue.filter((r) => r.entity === entity && r.date.startsWith(month) && r.kind !== "deposit").length;
}

/** Latest funnel month per entity, with the first stage that converts to zero from a non-zero stage. */
export function brokenFunnels(pipeline: Inventory["pipeline"]) {
  const latest = new Map<string, Inventory["pipeline"]["funnel"][number]>();
  for (const f of pipeline.funnel) {
    const cur = latest.get(f.entity);
    if (!cur || f.month > cur.month) latest.set(f.entity, f);
  }
  const out: {
    entity: string;
    month: string;
    from: { stage: string; count: number };
    to: { stage: string; count: number };
    first: { stage: string; count: number };
  }[] = [];
  for (const f of latest.values()) {
    for (let i = 1; i < f.stages.length; i++) {
      const from = f.stages[i - 1]!;
      const to = f.stages[i]!;
      if (from.count > 0 && to.count === 0) {
        out.push({ entity: f.entity, month: f.month, from, to, first: f.stages[0]! });
        break;
      }
    }
  }
  return out;
}

/** The chart of accounts the data implies: bank and payment accounts, revenue streams, expense categories. */
export function chartFromData(
  accounts: Inventory["accounts"],
  revenue: Inventory["revenue"],
  expenses: Inventory["expenses"],
): LedgerAccount[] {
  return chartOfAccounts({
    bankAccounts: accounts.accounts.filter((a) => a.kind === "bank").map((a) => a.id),
    paymentAccounts: accounts.accounts.filter((a) => a.kind === "payments").map((a) => a.id),
    streams: revenue.revenue.map((r) => r.stream),
    categories: expenses.expenses.map((e) => e.category),
    hasDeposits: revenue.revenue.some((r) => r.kind === "deposit"),
  });
}
