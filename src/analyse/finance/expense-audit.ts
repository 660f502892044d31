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

/** Groups of expenses with the same entity, vendor and amount, each within `days` of the previous one. O(n log n). */
export function possibleDuplicates(expenses: Expense[], days = 3): Expense[][] {
  const byKey = new Map<string, Expense[]>();
  for (const e of expenses) {
    const k = `${e.entity}|${e.vendor.trim().toLowerCase()}|${e.amount}`;
    const list = byKey.get(k);
    if (list) list.push(e);
    else byKey.set(k, [e]);
  }
  const out: Expense[][] = [];
  for (const list of byKey.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
    let cluster: Expense[] = [list[0]!];
    for (const e of list.slice(1)) {
      if (Date.parse(e.date) - Date.parse(cluster.at(-1)!.date) <= days * 86400000) cluster.push(e);
      else {
        if (cluster.length > 1) out.push(cluster);
        cluster = [e];
      }
    }
    if (cluster.length > 1) out.push(cluster);
  }
  return out.sort((a, b) => a[0]!.date.localeCompare(b[0]!.date) || a[0]!.id.localeCompare(b[0]!.id));
}

/** Expenses more than `factor` times the median of their entity+category (needs ≥ 3 items in the group). */
export function unusual(expenses: Expense[], factor = 3): { expense: Expense; median: number }[] {
  const groups = new Map<string, Expense[]>();
  for (const e of expenses) {
    const k = `${e.entity}|${e.category.toLowerCase()}`;
    const list = groups.get(k);
    if (list) list.push(e);
    else groups.set(k, [e]);
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
