/**
 * Reporting periods: ISO weeks (YYYY-Www), calendar months (YYYY-MM) and quarters (YYYY-Qn), each a half-open
 * window [start, end) in a time zone. Luxon does the calendar and time-zone arithmetic (DST included).
 */
import { DateTime, IANAZone } from "luxon";
import { UserError } from "./errors.js";

export type PeriodKind = "week" | "month" | "quarter";
export type Cadence = "weekly" | "monthly" | "quarterly";

export interface Period {
  /** 2026-W48, 2026-11 or 2026-Q4. */
  label: string;
  kind: PeriodKind;
  /** IANA time zone the window is drawn in. */
  timeZone: string;
  /** Inclusive start: the UTC instant of local midnight on the first day. */
  start: string;
  /** Exclusive end: the UTC instant of local midnight after the last day. */
  end: string;
  /** First local date in the period (YYYY-MM-DD). */
  startDate: string;
  /** First local date after the period (YYYY-MM-DD): compare dated records with `date < endDate`. */
  endDate: string;
}

const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;

export const CADENCE_KIND: Record<Cadence, PeriodKind> = { weekly: "week", monthly: "month", quarterly: "quarter" };

/** Throws a UserError unless `tz` is an IANA time zone Node knows. */
export function checkTimeZone(tz: string): string {
  if (!IANAZone.isValidZone(tz)) throw new UserError(`"${tz}" is not an IANA time zone (e.g. America/Los_Angeles, Europe/London, UTC)`);
  return tz;
}

/** The kind of a period label, or undefined when it is none of YYYY-Www, YYYY-MM, YYYY-Qn. */
export function periodKind(label: string): PeriodKind | undefined {
  return WEEK_RE.test(label) ? "week" : MONTH_RE.test(label) ? "month" : QUARTER_RE.test(label) ? "quarter" : undefined;
}

function window(label: string, kind: PeriodKind, first: DateTime): Period {
  const unit = kind === "week" ? { weeks: 1 } : kind === "month" ? { months: 1 } : { months: 3 };
  const next = first.plus(unit);
  return {
    label,
    kind,
    timeZone: first.zoneName ?? "UTC",
    start: first.toUTC().toISO({ suppressMilliseconds: false })!,
    end: next.toUTC().toISO({ suppressMilliseconds: false })!,
    startDate: first.toISODate()!,
    endDate: next.toISODate()!,
  };
}

/** Parses a period label into its window in `timeZone` (default UTC); throws a UserError naming the accepted forms. */
export function parsePeriod(label: string, timeZone = "UTC"): Period {
  checkTimeZone(timeZone);
  const zone = { zone: timeZone };
  let m = WEEK_RE.exec(label);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    const first = DateTime.fromObject({ weekYear: year, weekNumber: week, weekday: 1 }, zone);
    if (!first.isValid || week < 1 || first.weekYear !== year || first.weekNumber !== week) {
      throw new UserError(`--period "${label}": week ${week} does not exist in ${year}`);
    }
    return window(label, "week", first.startOf("day"));
  }
  m = MONTH_RE.exec(label);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new UserError(`--period "${label}": month ${m[2]} does not exist (01–12)`);
    return window(label, "month", DateTime.fromObject({ year: Number(m[1]), month, day: 1 }, zone));
  }
  m = QUARTER_RE.exec(label);
  if (m) {
    return window(label, "quarter", DateTime.fromObject({ year: Number(m[1]), month: (Number(m[2]) - 1) * 3 + 1, day: 1 }, zone));
  }
  throw new UserError(
    `--period "${label}" is not a period: expected YYYY-Www (ISO week, e.g. 2026-W48), YYYY-MM (month) or YYYY-Qn (quarter)`,
  );
}

/** The label of the period of `kind` that contains `instant` in `timeZone`. */
export function periodLabelAt(instant: Date, kind: PeriodKind, timeZone = "UTC"): string {
  const t = DateTime.fromJSDate(instant, { zone: checkTimeZone(timeZone) });
  if (kind === "week") return `${t.weekYear}-W${String(t.weekNumber).padStart(2, "0")}`;
  if (kind === "month") return `${t.year}-${String(t.month).padStart(2, "0")}`;
  return `${t.year}-Q${t.quarter}`;
}

/** The last period of `kind` that has fully ended at `instant` in `timeZone`: last week, last month, last quarter. */
export function lastCompletePeriod(instant: Date, kind: PeriodKind, timeZone = "UTC"): Period {
  const current = parsePeriod(periodLabelAt(instant, kind, timeZone), timeZone);
  return previousPeriod(current);
}

/** The period just before `p`, in the same time zone. */
export function previousPeriod(p: Period): Period {
  const before = new Date(Date.parse(p.start) - 1);
  return parsePeriod(periodLabelAt(before, p.kind, p.timeZone), p.timeZone);
}

/** The period just after `p`, in the same time zone. */
export function nextPeriod(p: Period): Period {
  return parsePeriod(periodLabelAt(new Date(p.end), p.kind, p.timeZone), p.timeZone);
}

/** Periods strictly between `a` and `b` (a before b, same kind and zone), oldest first, at most `max`. */
export function periodsBetween(a: Period, b: Period, max = 52): Period[] {
  const out: Period[] = [];
  let p = nextPeriod(a);
  while (p.start < b.start && out.length < max) {
    out.push(p);
    p = nextPeriod(p);
  }
  return out;
}

/** The ISO week label (YYYY-Www) containing the given instant, in UTC. */
export function isoWeekLabel(d: Date): string {
  return periodLabelAt(d, "week", "UTC");
}

/** Whether a label is an ISO week (YYYY-Www). */
export function isWeekLabel(label: string): boolean {
  return WEEK_RE.test(label);
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
  return periodsBetween(parsePeriod(a), parsePeriod(b), max).map((p) => p.label);
}
