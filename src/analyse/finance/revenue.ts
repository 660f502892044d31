/**
 * The one definition of revenue every role uses. Cash is received on `date`; revenue is recognised when the service
 * is delivered (`serviceDate`, else `date`), so a deposit stays deferred until its service date; a subscription is
 * recognised evenly over its days. Units sold are quantities of completed sales (deposits are not units: their
 * balance is).
 */
import { cents } from "./money.js";
import { daysBetween, plusDays } from "./months.js";

export interface RevenueRecord {
  id: string;
  entity: string;
  stream: string;
  kind: "deposit" | "balance" | "sale" | "service" | "subscription";
  date: string;
  serviceDate?: string;
  serviceEnd?: string;
  amount: number;
  quantity: number;
  customer?: string;
}

/** First day the record's revenue is recognised. */
export function recognitionDate(r: RevenueRecord): string {
  return r.serviceDate ?? r.date;
}

/** Revenue of one record recognised in the local-date window [from, to). */
export function recognisedIn(r: RevenueRecord, from: string, to: string): number {
  const start = recognitionDate(r);
  if (r.kind === "subscription" && r.serviceEnd && r.serviceEnd >= start) {
    const end = plusDays(r.serviceEnd, 1);
    const days = daysBetween(start, end);
    const lo = start > from ? start : from;
    const hi = end < to ? end : to;
    return hi > lo ? cents((r.amount * daysBetween(lo, hi)) / days) : 0;
  }
  return start >= from && start < to ? r.amount : 0;
}

/** Revenue recognised in [from, to) across records. */
export function recognised(records: readonly RevenueRecord[], from: string, to: string): number {
  return cents(records.reduce((a, r) => a + recognisedIn(r, from, to), 0));
}

/** Cash received in [from, to) across records. */
export function cashReceived(records: readonly RevenueRecord[], from: string, to: string): number {
  return cents(records.filter((r) => r.date >= from && r.date < to).reduce((a, r) => a + r.amount, 0));
}

/** Cash received before `asOf` and not yet recognised by then: each record with the amount still deferred. */
export function deferredAt(records: readonly RevenueRecord[], asOf: string): { record: RevenueRecord; deferred: number }[] {
  return records
    .filter((r) => r.date < asOf)
    .map((r) => ({ record: r, deferred: cents(r.amount - recognisedIn(r, "0000-01-01", asOf)) }))
    .filter((x) => x.deferred > 0);
}

/** Units sold in [from, to): quantities of completed sales recognised then, in the given streams (all when omitted). */
export function unitsSold(records: readonly RevenueRecord[], from: string, to: string, streams?: readonly string[]): number {
  return records
    .filter((r) => r.kind !== "deposit" && (!streams || streams.includes(r.stream)))
    .filter((r) => {
      const d = recognitionDate(r);
      return d >= from && d < to;
    })
    .reduce((a, r) => a + r.quantity, 0);
}
