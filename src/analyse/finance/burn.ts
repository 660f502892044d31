/** Monthly burn, its range over recent months, and runway. Pure functions of booked records. */
import { cents, sum } from "./money.js";

export interface Dated {
  date: string;
  entity: string;
  amount: number;
}

export interface MonthNet {
  month: string;
  revenue: number;
  expenses: number;
  /** Expenses minus revenue: positive means cash burned. */
  netBurn: number;
}

/** Months (YYYY-MM) that hold any record, up to and including `untilMonth`, newest last. */
export function monthsWithData(records: Dated[], untilMonth: string): string[] {
  return [...new Set(records.map((r) => r.date.slice(0, 7)))].filter((m) => m <= untilMonth).sort();
}

/** Revenue, expenses and net burn per month for the given months (optionally one entity). */
export function monthlyNet(revenue: Dated[], expenses: Dated[], months: string[], entity?: string): MonthNet[] {
  const inScope = (r: Dated) => entity === undefined || r.entity === entity;
  return months.map((month) => {
    const rev = sum(revenue.filter((r) => inScope(r) && r.date.startsWith(month)).map((r) => r.amount));
    const exp = sum(expenses.filter((e) => inScope(e) && e.date.startsWith(month)).map((e) => e.amount));
    return { month, revenue: rev, expenses: exp, netBurn: cents(exp - rev) };
  });
}

/** The last `n` complete months before `periodEnd` that have records. */
export function recentCompleteMonths(records: Dated[], periodEndIso: string, n: number): string[] {
  const current = periodEndIso.slice(0, 7);
  const endDay = new Date(periodEndIso);
  // A month is complete when the period ends after its last day.
  const lastComplete =
    new Date(Date.UTC(endDay.getUTCFullYear(), endDay.getUTCMonth() + 1, 1)).getTime() <= endDay.getTime()
      ? current
      : new Date(Date.UTC(endDay.getUTCFullYear(), endDay.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  return monthsWithData(records, lastComplete).slice(-n);
}

export interface BurnRange {
  low: number;
  high: number;
  average: number;
  months: string[];
}

/** Low, high and mean net burn over the given month rows; null when there are none. */
export function burnRange(rows: MonthNet[]): BurnRange | null {
  if (rows.length === 0) return null;
  const burns = rows.map((r) => r.netBurn);
  return {
    low: Math.min(...burns),
    high: Math.max(...burns),
    average: cents(burns.reduce((a, b) => a + b, 0) / burns.length),
    months: rows.map((r) => r.month),
  };
}

/** Months of runway: cash divided by average net burn; Infinity when not burning. */
export function runwayMonths(cash: number, averageBurn: number): number {
  if (averageBurn <= 0) return Number.POSITIVE_INFINITY;
  return Math.round((cash / averageBurn) * 10) / 10;
}
