/** Small pure helpers shared by several roles' checks: who sells, what a unit is, which channels fit, funnels. */
import type { Inventory } from "../config/schema.js";
import { type BreakEven, breakEven } from "./finance/break-even.js";
import { chartOfAccounts, type LedgerAccount } from "./finance/chart-of-accounts.js";
import { sum } from "./finance/money.js";
import { monthWindow } from "./finance/months.js";
import { unitsSold } from "./finance/revenue.js";

type Entities = Inventory["portfolio"]["entities"];
type Entity = Entities[number];
type UnitEconomics = Inventory["costs"]["unitEconomics"][number];
type Channel = Inventory["listings"]["channels"][number];

/** Entities that sell something now or soon (operating or launching) under a selling business model. */
export function sellingEntities(entities: Entities): Entities {
  return entities.filter(
    (e) => (e.stage === "operating" || e.stage === "launching") && e.businessModel !== "none" && e.businessModel !== "internal",
  );
}

/** The plural of a unit name from data ("order" → "orders", "licence" → "licences", "delivery" → "deliveries"). */
export function plural(unit: string, n = 2, explicit?: string): string {
  if (n === 1) return unit;
  if (explicit) return explicit;
  if (/[^aeiou]y$/i.test(unit)) return `${unit.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(unit)) return `${unit}es`;
  return `${unit}s`;
}

/** An entity's unit of sale, when its unit economics are recorded. */
export function unitOf(costs: Inventory["costs"], entity: string): UnitEconomics | undefined {
  return costs.unitEconomics.find((u) => u.entity === entity);
}

/** "3 charters", "1 licence": a count with its unit from data. */
export function units(u: Pick<UnitEconomics, "unit" | "unitPlural">, n: number): string {
  return `${n} ${plural(u.unit, n, u.unitPlural)}`;
}

/** Monthly fixed costs recorded for an entity. */
export function fixedCosts(costs: Inventory["costs"], entity: string): number {
  return sum(costs.fixed.filter((f) => f.entity === entity).map((f) => f.monthly));
}

export type EntityBreakEven = BreakEven & { entity: string; unit: UnitEconomics; capacity: number | null };

/** Break-even per entity that has unit economics. */
export function breakEvens(costs: Inventory["costs"]): EntityBreakEven[] {
  return costs.unitEconomics.map((u) => ({
    entity: u.entity,
    unit: u,
    capacity: u.capacityPerMonth ?? null,
    ...breakEven(u.price, u.variableCosts, fixedCosts(costs, u.entity)),
  }));
}

/** Units of an entity's unit sold in a month, from revenue quantities in the unit's streams. */
export function unitsInMonth(revenue: Inventory["revenue"]["revenue"], u: UnitEconomics, month: string): number {
  const { from, to } = monthWindow(month);
  return unitsSold(
    revenue.filter((r) => r.entity === u.entity),
    from,
    to,
    u.streams,
  );
}

/** Channel × entity fit: a channel fits an entity when it serves the entity's business model. */
export function fits(channel: Channel, entity: Entity): boolean {
  return (channel.fits as string[]).includes(entity.businessModel);
}

const SALES_KINDS = new Set(["ota", "marketplace"]);

/** Whether a channel sells on the entity's behalf (an OTA or a marketplace) rather than only making it visible. */
export function isSalesChannel(c: Channel): boolean {
  return SALES_KINDS.has(c.kind);
}

export interface SequenceStep {
  /** One channel, or alternatives that serve the same buyers (list on either). */
  channels: Channel[];
  score: number;
}

/**
 * Absent OTA/marketplace channels for an entity as an ordered sequence of steps, best first: monthly audience net of
 * commission per day of set-up effort. Channels with the same score, or declared alternatives, share a step.
 */
export function otaSequence(listings: Inventory["listings"], entity: Entity): SequenceStep[] {
  const have = new Set(listings.listings.filter((l) => l.entity === entity.id && l.status === "listed").map((l) => l.channel));
  const scored = listings.channels
    .filter((c) => isSalesChannel(c) && fits(c, entity) && !have.has(c.id))
    .map((c) => ({ channel: c, score: Math.round((c.monthlyAudience * (1 - c.commissionPct / 100)) / Math.max(1, c.setupEffortDays)) }))
    .sort((a, b) => b.score - a.score || b.channel.monthlyAudience - a.channel.monthlyAudience || a.channel.id.localeCompare(b.channel.id));
  const steps: SequenceStep[] = [];
  for (const s of scored) {
    const step = steps.find(
      (x) => x.score === s.score || x.channels.some((c) => c.alternativeTo === s.channel.id || s.channel.alternativeTo === c.id),
    );
    if (step) step.channels.push(s.channel);
    else steps.push({ channels: [s.channel], score: s.score });
  }
  return steps;
}

/** A step's name: "A/B" for two alternatives. */
export function stepName(s: SequenceStep): string {
  return s.channels.map((c) => c.name).join("/");
}

/** Live OTA / marketplace listings. */
export function liveOtaListings(listings: Inventory["listings"]) {
  const kind = new Map(listings.channels.map((c) => [c.id, c]));
  return listings.listings.filter((l) => l.status === "listed" && kind.has(l.channel) && isSalesChannel(kind.get(l.channel)!));
}

type Funnel = Inventory["pipeline"]["funnel"][number];

/** Each entity's latest funnel month that is complete by `lastMonth` (YYYY-MM). */
export function latestFunnels(pipeline: Inventory["pipeline"], lastMonth: string): Map<string, Funnel> {
  const latest = new Map<string, Funnel>();
  for (const f of pipeline.funnel) {
    if (f.month > lastMonth) continue;
    const cur = latest.get(f.entity);
    if (!cur || f.month > cur.month) latest.set(f.entity, f);
  }
  return latest;
}

export interface BrokenFunnel {
  entity: string;
  month: string;
  from: { stage: string; count: number };
  to: { stage: string; count: number };
  first: { stage: string; count: number };
}

/** Latest complete funnel month per entity, with the first stage that converts to zero from a non-zero stage. */
export function brokenFunnels(pipeline: Inventory["pipeline"], lastMonth: string): BrokenFunnel[] {
  const out: BrokenFunnel[] = [];
  for (const f of latestFunnels(pipeline, lastMonth).values()) {
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
    hasDeposits: revenue.revenue.some((r) => r.kind === "deposit" || (r.serviceDate !== undefined && r.serviceDate > r.date)),
  });
}
