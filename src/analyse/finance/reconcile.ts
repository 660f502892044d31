/**
 * Reconciliation of the books against bank statement lines. Lines are matched per account over the whole history, so
 * a payment booked on the 31st and cleared on the 2nd matches across the month end; the result is then reported per
 * month. Book lines sharing a `ref` are one split payment and match one bank line for their total.
 */
import { cents } from "./money.js";
import { daysBetween, monthOf, plusDays } from "./months.js";

export interface BookLine {
  id: string;
  account: string;
  date: string;
  /** Signed as the bank sees it: money in positive, money out negative. */
  amount: number;
  /** Lines with the same ref (and account) are paid by one bank line. */
  ref?: string;
}
export interface BankLine {
  id: string;
  account: string;
  date: string;
  amount: number;
  description: string;
}

export interface MonthReconciliation {
  account: string;
  month: string;
  bookLines: number;
  bankLines: number;
  matched: number;
  unmatchedBooks: string[];
  unmatchedBank: string[];
  /** Lines too close to the end of the data to have cleared yet (within the tolerance). */
  inTransit: string[];
  /** Unmatched bank amounts minus unmatched book amounts. */
  difference: number;
  status: "reconciled" | "unreconciled";
}

/** Index of the first line dated on or after `date` in date-sorted `lines` (binary search). */
function firstOnOrAfter(lines: readonly { date: string }[], date: string): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]!.date < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Book lines with one ref merged into one line for their total (ids joined with "+"). */
function mergeSplits(books: readonly BookLine[]): BookLine[] {
  const out: BookLine[] = [];
  const byRef = new Map<string, BookLine>();
  for (const b of books) {
    if (!b.ref) {
      out.push(b);
      continue;
    }
    const k = `${b.account}|${b.ref}`;
    const cur = byRef.get(k);
    if (cur) {
      cur.id = `${cur.id}+${b.id}`;
      cur.amount = cents(cur.amount + b.amount);
      if (b.date < cur.date) cur.date = b.date;
    } else {
      const line = { ...b };
      byRef.set(k, line);
      out.push(line);
    }
  }
  return out;
}

/**
 * Matches book lines to bank lines of the same account and amount within `toleranceDays`, closest dates first (each
 * line used once).
 * Lines dated within the tolerance of `until` (the exclusive end of the data) that found no match are in transit.
 */
export function reconcile(books: readonly BookLine[], bank: readonly BankLine[], until: string, toleranceDays = 3): MonthReconciliation[] {
  const rows = new Map<string, MonthReconciliation>();
  const row = (account: string, month: string) => {
    const k = `${account}|${month}`;
    let r = rows.get(k);
    if (!r) {
      r = {
        account,
        month,
        bookLines: 0,
        bankLines: 0,
        matched: 0,
        unmatchedBooks: [],
        unmatchedBank: [],
        inTransit: [],
        difference: 0,
        status: "reconciled",
      };
      rows.set(k, r);
    }
    return r;
  };
  const lateFrom = plusDays(until, -toleranceDays);
  const accounts = [...new Set([...books.map((b) => b.account), ...bank.map((t) => t.account)])];
  for (const account of accounts) {
    const bk = mergeSplits(books.filter((b) => b.account === account)).sort(
      (a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id),
    );
    const bn = bank.filter((t) => t.account === account).sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
    // Closest pairs first: of two book lines that could take one bank line, the nearer in date gets it.
    // Bank lines by amount, date-sorted, so each book line looks only at its own amount's lines in its date window.
    const byAmount = new Map<number, BankLine[]>();
    for (const t of bn) {
      const list = byAmount.get(cents(t.amount));
      if (list) list.push(t);
      else byAmount.set(cents(t.amount), [t]);
    }
    const pairs: { b: BookLine; t: BankLine; gap: number }[] = [];
    for (const b of bk) {
      const same = byAmount.get(cents(b.amount)) ?? [];
      const from = plusDays(b.date, -toleranceDays);
      for (let i = firstOnOrAfter(same, from); i < same.length; i++) {
        const gap = daysBetween(b.date, same[i]!.date);
        if (gap > toleranceDays) break;
        pairs.push({ b, t: same[i]!, gap: Math.abs(gap) });
      }
    }
    pairs.sort((x, y) => x.gap - y.gap || x.b.date.localeCompare(y.b.date) || x.b.id.localeCompare(y.b.id) || x.t.id.localeCompare(y.t.id));
    const used = new Set<string>();
    const paired = new Set<string>();
    for (const p of pairs) {
      if (used.has(p.t.id) || paired.has(p.b.id)) continue;
      used.add(p.t.id);
      paired.add(p.b.id);
    }
    for (const b of bk) {
      const r = row(account, monthOf(b.date));
      r.bookLines++;
      if (paired.has(b.id)) r.matched++;
      else if (b.date >= lateFrom) r.inTransit.push(b.id);
      else {
        r.unmatchedBooks.push(b.id);
        r.difference = cents(r.difference - b.amount);
      }
    }
    for (const t of bn) {
      const r = row(account, monthOf(t.date));
      r.bankLines++;
      if (used.has(t.id)) continue;
      if (t.date >= lateFrom) r.inTransit.push(t.id);
      else {
        r.unmatchedBank.push(t.id);
        r.difference = cents(r.difference + t.amount);
      }
    }
  }
  return [...rows.values()]
    .map((r) => ({ ...r, status: r.unmatchedBooks.length || r.unmatchedBank.length ? ("unreconciled" as const) : ("reconciled" as const) }))
    .sort((a, b) => a.account.localeCompare(b.account) || a.month.localeCompare(b.month));
}
