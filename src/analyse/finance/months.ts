/** Calendar months as YYYY-MM strings, and which of them a period has completed. Pure string arithmetic on local dates. */

/** The month (YYYY-MM) of a local date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** `month` shifted by `n` months (negative goes back). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`;
}

/** The half-open window of local dates [from, to) that a month covers. */
export function monthWindow(month: string): { from: string; to: string } {
  return { from: `${month}-01`, to: `${addMonths(month, 1)}-01` };
}

/** The last month that has fully ended before `endDate` (a period's exclusive end date). */
export function lastCompleteMonth(endDate: string): string {
  // endDate is exclusive: its own month has not ended (even when endDate is the 1st), the one before has.
  return addMonths(monthOf(endDate), -1);
}

/** The last `n` complete months before `endDate` that hold any of the given dates, oldest first. */
export function recentMonthsWithData(dates: Iterable<string>, endDate: string, n: number): string[] {
  const last = lastCompleteMonth(endDate);
  const months = new Set<string>();
  for (const d of dates) if (monthOf(d) <= last) months.add(monthOf(d));
  return [...months].sort().slice(-n);
}

/** Months from `from` to `to` inclusive, oldest first. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 1200; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** Whole days from local date `a` to local date `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The local date `n` days after `date`. */
export function plusDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
