/** Month-by-month reconciliation of the books against bank statement lines. */
import { cents } from "./money.js";

export interface BookLine {
  id: string;
  account: string;
  date: string;
  /** Signed as the bank sees it: money in positive, money out negative. */
  amount: number;
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
  difference: number;
  status: "reconciled" | "unreconciled";
}

const DAY = 86400000;

/** Matches each book line to one bank line of the same account and amount within `toleranceDays`. */
export function reconcile(books: BookLine[], bank: BankLine[], toleranceDays = 3): MonthReconciliation[] {
  const keys = new Set([...books, ...bank].map((l) => `${l.account}|${l.date.slice(0, 7)}`));
  const out: MonthReconciliation[] = [];
  for (const key of [...keys].sort()) {
    const [account, month] = key.split("|") as [string, string];
    const bk = books.filter((b) => b.account === account && b.date.startsWith(month));
    const bn = bank.filter((b) => b.account === account && b.date.startsWith(month));
    const free = new Set(bn.map((b) => b.id));
    const unmatchedBooks: string[] = [];
    for (const b of bk) {
      const hit = bn.find(
        (t) => free.has(t.id) && cents(t.amount) === cents(b.amount) && Math.abs(Date.parse(t.date) - Date.parse(b.date)) <= toleranceDays * DAY,
      );
      if (hit) free.delete(hit.id);
      else unmatchedBooks.push(b.id);
    }
    const unmatchedBank = bn.filter((t) => free.has(t.id)).map((t) => t.id);
    const difference = cents(bn.reduce((a, t) => a + t.amount, 0) - bk.reduce((a, b) => a + b.amount, 0));
    out.push({
      account,
      month,
      bookLines: bk.length,
      bankLines: bn.length,
      matched: bk.length - unmatchedBooks.length,
      unmatchedBooks,
      unmatchedBank,
      difference,
      status: unmatchedBooks.length === 0 && unmatchedBank.length === 0 ? "reconciled" : "unreconciled",
    });
  }
  return out;
}
