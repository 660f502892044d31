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
 * Matches each book line to the nearest-dated unused bank line of the same account and amount within `toleranceDays`.
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
    const used = new Set<string>();
    for (const b of bk) {
      const r = row(account, monthOf(b.date));
      r.bookLines++;
      let best: BankLine | undefined;
      for (const t of bn) {
        if (used.has(t.id) || cents(t.amount) !== cents(b.amount)) continue;
        const gap = Math.abs(daysBetween(b.date, t.date));
        if (gap <= toleranceDays && (!best || gap < Math.abs(daysBetween(b.date, best.date)))) best = t;
      }
      if (best) {
        used.add(best.id);
        r.matched++;
      } else if (b.date >= lateFrom) r.inTransit.push(b.id);
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
