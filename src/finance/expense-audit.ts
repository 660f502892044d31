/** Expense audit: uncategorised, possible duplicates and unusual amounts. */
export interface Expense {
  id: string;
  entity: string;
  date: string;
  category: string;
  vendor: string;
  amount: number;
  memo?: string;
}

export const UNCATEGORISED = new Set(["", "uncategorized", "uncategorised", "misc", "other"]);

/** Expenses with no real category. */
export function uncategorised(expenses: Expense[]): Expense[] {
  return expenses.filter((e) => UNCATEGORISED.has(e.category.trim().toLowerCase()));
}

/** Pairs of expenses with the same entity, vendor and amount within `days` of each other. */
export function possibleDuplicates(expenses: Expense[], days = 3): [Expense, Expense][] {
  const out: [Expense, Expense][] = [];
  const sorted = [...expenses].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i]!;
      const b = sorted[j]!;
      if (Date.parse(b.date) - Date.parse(a.date) > days * 86400000) break;
      if (a.entity === b.entity && a.vendor.toLowerCase() === b.vendor.toLowerCase() && a.amount === b.amount) out.push([a, b]);
    }
  }
  return out;
}

/** Expenses more than `factor` times the median of their entity+category (needs ≥ 3 items in the group). */
export function unusual(expenses: Expense[], factor = 3): { expense: Expense; median: number }[] {
  const groups = new Map<string, Expense[]>();
  for (const e of expenses) {
    const k = `${e.entity}|${e.category.toLowerCase()}`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  const out: { expense: Expense; median: number }[] = [];
  for (const list of groups.values()) {
    if (list.length < 3) continue;
    const sorted = list.map((e) => e.amount).sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    for (const e of list) if (median > 0 && e.amount > factor * median) out.push({ expense: e, median });
  }
  return out;
}
