/** The plan's matrix for a given clock and audiences: time zones, DST weeks, month and year ends, catch-up. */
import { describe, expect, it } from "vitest";
import type { Audience } from "../../src/config/audiences.js";
import { explicitEntries, latestDuePeriod, nextSendTime, plan, sendTime } from "../../src/pipeline/plan.js";
import { parsePeriod } from "../../src/shared/period.js";

function aud(over: Partial<Audience> & Pick<Audience, "id">): Audience {
  return {
    label: over.id,
    role: "ceo",
    scope: "all",
    recipients: { to: ["x@example.com"], cc: [], bcc: [] },
    cadence: "weekly",
    timeZone: "UTC",
    send: { weekday: "monday", hour: 7 },
    format: "full",
    csv: false,
    ...over,
  };
}
const none = async () => new Set<string>();
const sentOnly =
  (...ids: string[]) =>
  async () =>
    new Set(ids);
const at = (iso: string) => new Date(iso);

describe("plan", () => {
  it("a weekly audience is due after its local send time for the week that just ended, never the one in progress", async () => {
    const a = aud({ id: "ceo", timeZone: "America/Los_Angeles" });
    // Monday 06:17 UTC is still Sunday night in Los Angeles: nothing of W48 is due yet.
    expect(latestDuePeriod(a, at("2026-11-30T06:17:00Z")).label).toBe("2026-W47");
    // Monday 07:00 in Los Angeles is 15:00 UTC (PST).
    expect(latestDuePeriod(a, at("2026-11-30T14:59:00Z")).label).toBe("2026-W47");
    expect(latestDuePeriod(a, at("2026-11-30T15:00:00Z")).label).toBe("2026-W48");
    const utc = aud({ id: "utc" });
    expect((await plan([utc], at("2026-11-30T07:23:00Z"), sentOnly("utc.2026-W47"))).map((e) => e.reportId)).toEqual(["utc.2026-W48"]);
  });

  it("follows DST: the send hour stays local across the change", () => {
    const a = aud({ id: "ny", timeZone: "America/New_York", send: { weekday: "monday", hour: 8 } });
    // W44 ends Sunday 2026-11-01, the day clocks fall back: Monday 08:00 EST = 13:00 UTC.
    expect(sendTime(a, parsePeriod("2026-W44", a.timeZone)).toUTC().toISO()).toBe("2026-11-02T13:00:00.000Z");
    // A week before, still EDT: 12:00 UTC.
    expect(sendTime(a, parsePeriod("2026-W43", a.timeZone)).toUTC().toISO()).toBe("2026-10-26T12:00:00.000Z");
    // Spring forward (2027-03-14): the week after is sent at 12:00 UTC again.
    expect(sendTime(a, parsePeriod("2027-W10", a.timeZone)).toUTC().toISO()).toBe("2027-03-15T12:00:00.000Z");
  });

  it("monthly and quarterly audiences wait for their day of the next month, across year ends", async () => {
    const m = aud({ id: "close", cadence: "monthly", send: { day: 2, hour: 9 }, timeZone: "Europe/London" });
    expect(latestDuePeriod(m, at("2027-01-02T08:59:00Z")).label).toBe("2026-11");
    expect(latestDuePeriod(m, at("2027-01-02T09:00:00Z")).label).toBe("2026-12");
    const q = aud({ id: "board", cadence: "quarterly", send: { day: 1, hour: 9 }, timeZone: "Asia/Tokyo" });
    // 2027-01-01 09:00 in Tokyo is 2027-01-01T00:00Z.
    expect(latestDuePeriod(q, at("2026-12-31T23:59:00Z")).label).toBe("2026-Q3");
    expect(latestDuePeriod(q, at("2027-01-01T00:00:00Z")).label).toBe("2026-Q4");
    expect((await plan([q], at("2027-01-01T00:30:00Z"), sentOnly("board.2026-Q3")))[0]).toMatchObject({
      reportId: "board.2026-Q4",
      dueAt: "2027-01-01T09:00:00.000+09:00",
      catchUp: false,
    });
  });

  it("catches up missed periods after the last sent one, oldest first, at most four", async () => {
    const a = aud({ id: "cfo" });
    const now = at("2026-11-30T08:00:00Z");
    const two = await plan([a], now, sentOnly("cfo.2026-W46"));
    expect(two.map((e) => [e.period, e.catchUp])).toEqual([
      ["2026-W47", true],
      ["2026-W48", false],
    ]);
    const capped = await plan([a], now, sentOnly("cfo.2026-W42"));
    expect(capped).toHaveLength(1);
    expect(capped[0]!.period).toBe("2026-W48");
    const four = await plan([a], now, sentOnly("cfo.2026-W43"));
    expect(four.map((e) => e.period)).toEqual(["2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48"]);
    // Already sent: nothing.
    expect(await plan([a], now, sentOnly("cfo.2026-W48"))).toEqual([]);
    // Never sent anywhere in the window: only the latest, not a backlog.
    expect((await plan([a], now, none)).map((e) => e.period)).toEqual(["2026-W48"]);
  });

  it("gives each (audience, period) one concurrency group, whether the period was named or implied", async () => {
    const a = aud({ id: "cto" });
    const now = at("2026-11-30T08:00:00Z");
    const implied = (await plan([a], now, none))[0]!;
    const named = explicitEntries([a], now, "2026-W48")[0]!;
    expect(named.concurrency).toBe(implied.concurrency);
  });

  it("plans 50 audiences in every time zone into one matrix of 50 entries", async () => {
    const zones = ["UTC", "America/Los_Angeles", "America/Denver", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "Pacific/Auckland"];
    const many = Array.from({ length: 50 }, (_, i) =>
      aud({
        id: `a${i}`,
        timeZone: zones[i % zones.length]!,
        cadence: (["weekly", "monthly", "quarterly"] as const)[i % 3],
        send: i % 3 ? { day: 1, hour: 0 } : { weekday: "monday", hour: 0 },
      }),
    );
    const entries = await plan(many, at("2027-01-05T12:00:00Z"), none);
    expect(entries).toHaveLength(50);
    expect(new Set(entries.map((e) => e.reportId)).size).toBe(50);
  });

  it("names the next send time for who", () => {
    const a = aud({ id: "ceo", timeZone: "America/Los_Angeles" });
    expect(nextSendTime(a, at("2026-12-01T18:00:00Z")).toISO()).toBe("2026-12-07T07:00:00.000-08:00");
  });
});
