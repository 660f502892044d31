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
  const group = <T extends { account: string; date: string }>(lines: T[]) => {
    const m = new Map<string, T[]>();
    for (const l of lines) {
      const k = `${l.account}|${l.date.slice(0, 7)}`;
      const list = m.get(k);
      if (list) list.push(l);
      else m.set(k, [l]);
    }
    return m;
  };
  const booksBy = group(books);
  const bankBy = group(bank);
  const out: MonthReconciliation[] = [];
  for (const key of [...new Set([...booksBy.keys(), ...bankBy.keys()])].sort()) {
    const [account, month] = key.split("|") as [string, string];
    const bk = booksBy.get(key) ?? [];
    const bn = bankBy.get(key) ?? [];
    // Bank lines by amount, oldest first; each can match one book line.
    const byAmount = new Map<number, BankLine[]>();
    for (const t of [...bn].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))) {
      const list = byAmount.get(cents(t.amount));
      if (list) list.push(t);
      else byAmount.set(cents(t.amount), [t]);
    }
    const used = new Set<string>();
    const unmatchedBooks: string[] = [];
    for (const b of bk) {
      const hit = (byAmount.get(cents(b.amount)) ?? []).find(
        (t) => !used.has(t.id) && Math.abs(Date.parse(t.date) - Date.parse(b.date)) <= toleranceDays * DAY,
      );
      if (hit) used.add(hit.id);
      else unmatchedBooks.push(b.id);
    }
    const unmatchedBank = bn.filter((t) => !used.has(t.id)).map((t) => t.id);
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
