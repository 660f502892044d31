/**
 * Cash flows per month and the burn measured from them: gross burn is cash out, net burn is cash out minus cash in.
 * Revenue beside them is recognised revenue (see revenue.ts), the figure the accounting report books.
 */
import { cents, sum } from "./money.js";
import { monthWindow } from "./months.js";
import { cashReceived, type RevenueRecord, recognised } from "./revenue.js";

export interface Payment {
  date: string;
  entity: string;
  amount: number;
}

export interface MonthFlows {
  month: string;
  /** Recognised revenue. */
  revenue: number;
  cashIn: number;
  cashOut: number;
  /** Cash out (expenses paid). */
  grossBurn: number;
  /** Cash out minus cash in: positive means cash consumed. */
  netBurn: number;
}

/** Flows for each month (optionally one entity's records). */
export function monthlyFlows(
  revenue: readonly RevenueRecord[],
  expenses: readonly Payment[],
  months: readonly string[],
  entity?: string,
): MonthFlows[] {
  const rev = revenue.filter((r) => entity === undefined || r.entity === entity);
  const exp = expenses.filter((e) => entity === undefined || e.entity === entity);
  return months.map((month) => {
    const { from, to } = monthWindow(month);
    const cashIn = cashReceived(rev, from, to);
    const cashOut = sum(exp.filter((e) => e.date >= from && e.date < to).map((e) => e.amount));
    return { month, revenue: recognised(rev, from, to), cashIn, cashOut, grossBurn: cashOut, netBurn: cents(cashOut - cashIn) };
  });
}

export interface BurnRange {
  low: number;
  high: number;
  average: number;
  months: string[];
}

/** Low, high and mean of one burn measure over month rows; null when there are none. */
export function burnRange(rows: readonly MonthFlows[], measure: "grossBurn" | "netBurn"): BurnRange | null {
  if (rows.length === 0) return null;
  const xs = rows.map((r) => r[measure]);
  return {
    low: Math.min(...xs),
    high: Math.max(...xs),
    average: cents(xs.reduce((a, b) => a + b, 0) / xs.length),
    months: rows.map((r) => r.month),
  };
}

/** Months of runway: cash divided by average net burn; Infinity when not burning. */
export function runwayMonths(cash: number, averageNetBurn: number): number {
  if (averageNetBurn <= 0) return Number.POSITIVE_INFINITY;
  return Math.round((cash / averageNetBurn) * 10) / 10;
}
