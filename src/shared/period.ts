/** ISO-8601 week periods, all in UTC. */
import { UserError } from "./errors.js";

const WEEK_RE = /^(\d{4})-W(\d{2})$/;

/** The ISO week label (YYYY-Www) containing the given instant. */
export function isoWeekLabel(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** Whether a label is an ISO week (YYYY-Www) rather than a period a dispatch named itself. */
export function isWeekLabel(label: string): boolean {
  return WEEK_RE.test(label);
}

/** Parses YYYY-Www into a half-open [start, end) window; throws a UserError on anything else. */
export function parsePeriod(label: string): { label: string; start: string; end: string } {
  const m = WEEK_RE.exec(label);
  if (!m) throw new UserError(`--period "${label}" is not an ISO week: expected YYYY-Www, e.g. 2026-W48`);
  const year = Number(m[1]);
  const week = Number(m[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * 86400000 + (week - 1) * 7 * 86400000);
  if (week < 1 || isoWeekLabel(monday) !== label) {
    throw new UserError(`--period "${label}": week ${week} does not exist in ${year}`);
  }
  const end = new Date(monday.getTime() + 7 * 86400000);
  return { label, start: monday.toISOString(), end: end.toISOString() };
}

/** The last `n` full calendar months before the month containing `endIso` (oldest first), as YYYY-MM. */
export function recentMonths(endIso: string, n: number): string[] {
  const end = new Date(endIso);
  const out: string[] = [];
  for (let i = n; i >= 1; i--) {
    const d = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

/** Adds days to an ISO date (YYYY-MM-DD) and returns the ISO date. */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
}

/** ISO weeks strictly between two week labels (a < b), oldest first; capped at `max`. */
export function weeksBetween(a: string, b: string, max = 52): string[] {
  const out: string[] = [];
  let t = Date.parse(parsePeriod(a).end);
  const stop = Date.parse(parsePeriod(b).start);
  while (t < stop && out.length < max) {
    out.push(isoWeekLabel(new Date(t)));
    t += 7 * 86400000;
  }
  return out;
}
