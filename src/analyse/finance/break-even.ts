/** Contribution margin and break-even volume from unit economics and fixed costs. */
import { cents } from "./money.js";

export type VariableCost = { name: string; amount: number } | { name: string; pctOfPrice: number };

/** Variable cost of one unit at the given price. */
export function variableCostPerUnit(price: number, costs: VariableCost[]): number {
  return cents(costs.reduce((a, c) => a + ("amount" in c ? c.amount : (price * c.pctOfPrice) / 100), 0));
}

export interface BreakEven {
  price: number;
  variableCost: number;
  contribution: number;
  contributionPct: number;
  fixedMonthly: number;
  /** Units a month to cover fixed costs; null when each unit loses money. */
  unitsPerMonth: number | null;
}

/** Break-even units per month = ceil(fixed / (price − variable cost)). */
export function breakEven(price: number, costs: VariableCost[], fixedMonthly: number): BreakEven {
  const variableCost = variableCostPerUnit(price, costs);
  const contribution = cents(price - variableCost);
  return {
    price,
    variableCost,
    contribution,
    contributionPct: price > 0 ? Math.round((contribution / price) * 1000) / 10 : 0,
    fixedMonthly: cents(fixedMonthly),
    unitsPerMonth: contribution > 0 ? Math.ceil(fixedMonthly / contribution) : null,
  };
}
