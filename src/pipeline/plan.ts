/**
 * The plan: which (audience, period) reports are due at a given instant. An audience is due for a period
 * once the period has ended in the audience's time zone and its local send time has passed; periods an
 * hourly schedule missed are caught up (bounded, oldest first) after the audience's last sent report.
 */
import { DateTime } from "luxon";
import type { Audience } from "../config/audiences.js";
import { CADENCE_KIND, lastCompletePeriod, nextPeriod, type Period, parsePeriod, previousPeriod } from "../shared/period.js";

/** At most this many periods are caught up per audience in one run. */
export const MAX_CATCH_UP = 4;

export interface PlanEntry {
  audience: string;
  period: string;
  reportId: string;
  /** Local instant the report was due, ISO with offset. */
  dueAt: string;
  /** Concurrency group for the report job: one per (audience, period), however the period was named. */
  concurrency: string;
  /** True when an earlier scheduled run missed this period. */
  catchUp: boolean;
}

/** Whether a report id has already gone out (the audit's answer); anything else is still to do. */
export type DoneLookup = (reportIds: string[]) => Promise<Set<string>>;

/** The report id of an audience's report for a period. */
export function reportIdFor(audienceId: string, periodLabel: string): string {
  return `${audienceId}.${periodLabel}`;
}

/** The first local send moment after the period ends: the send weekday (weekly) or day of month (monthly, quarterly) at the send hour. */
export function sendTime(a: Pick<Audience, "cadence" | "send" | "timeZone">, p: Period): DateTime {
  const after = DateTime.fromISO(p.endDate, { zone: a.timeZone });
  if (a.cadence === "weekly") {
    const weekday = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].indexOf(a.send.weekday ?? "monday") + 1;
    const days = (weekday - after.weekday + 7) % 7;
    return after.plus({ days }).set({ hour: a.send.hour, minute: 0, second: 0, millisecond: 0 });
  }
  return after.set({ day: a.send.day ?? 1, hour: a.send.hour, minute: 0, second: 0, millisecond: 0 });
}

/** The newest period of the audience whose send time has passed at `now`. */
export function latestDuePeriod(a: Audience, now: Date): Period {
  const last = lastCompletePeriod(now, CADENCE_KIND[a.cadence], a.timeZone);
  return sendTime(a, last).toMillis() <= now.getTime() ? last : previousPeriod(last);
}

/** The period an audience reports on when a run names it explicitly (a label) or not (the latest due). */
export function periodFor(a: Audience, now: Date, label?: string): Period {
  return label ? parsePeriod(label, a.timeZone) : latestDuePeriod(a, now);
}

function entry(a: Audience, p: Period, catchUp: boolean): PlanEntry {
  const reportId = reportIdFor(a.id, p.label);
  return { audience: a.id, period: p.label, reportId, dueAt: sendTime(a, p).toISO()!, concurrency: `exec-reports-${reportId}`, catchUp };
}

/**
 * Due reports at `now`, oldest first within each audience. An audience never sent within the catch-up window
 * starts at its latest due period; otherwise every period after its last sent one is due, up to MAX_CATCH_UP.
 */
export async function plan(audiences: Audience[], now: Date, done: DoneLookup, maxCatchUp = MAX_CATCH_UP): Promise<PlanEntry[]> {
  const windows = audiences.map((a) => {
    const periods: Period[] = [latestDuePeriod(a, now)];
    // The latest, up to maxCatchUp missed ones, and one more to find the last sent report.
    while (periods.length < maxCatchUp + 2) periods.push(previousPeriod(periods.at(-1)!));
    return { a, periods };
  });
  const sent = await done(windows.flatMap(({ a, periods }) => periods.map((p) => reportIdFor(a.id, p.label))));
  return windows.flatMap(({ a, periods }) => {
    const newestSent = periods.findIndex((p) => sent.has(reportIdFor(a.id, p.label)));
    if (newestSent === 0) return [];
    const todo = newestSent < 0 ? periods.slice(0, 1) : periods.slice(0, newestSent);
    return todo.reverse().map((p, i, all) => entry(a, p, i < all.length - 1));
  });
}

/** Reports a run names explicitly: the given audiences (default all) for the given period or each one's latest due period. */
export function explicitEntries(audiences: Audience[], now: Date, periodLabel?: string): PlanEntry[] {
  return audiences.map((a) => entry(a, periodFor(a, now, periodLabel), false));
}

/** The next time an audience is due after `now` (for `who`): the send time of the first period not yet due. */
export function nextSendTime(a: Audience, now: Date): DateTime {
  let p = lastCompletePeriod(now, CADENCE_KIND[a.cadence], a.timeZone);
  for (;;) {
    const t = sendTime(a, p);
    if (t.toMillis() > now.getTime()) return t;
    p = nextPeriod(p);
  }
}
