import { describe, expect, it } from "vitest";
import { lastCompletePeriod, nextPeriod, parsePeriod, periodLabelAt, periodsBetween, previousPeriod } from "../../src/shared/period.js";

describe("periods", () => {
  it("parses weeks, months and quarters as half-open windows in UTC", () => {
    expect(parsePeriod("2026-W48")).toMatchObject({
      kind: "week",
      start: "2026-11-23T00:00:00.000Z",
      end: "2026-11-30T00:00:00.000Z",
      startDate: "2026-11-23",
      endDate: "2026-11-30",
    });
    expect(parsePeriod("2026-11")).toMatchObject({ kind: "month", start: "2026-11-01T00:00:00.000Z", end: "2026-12-01T00:00:00.000Z" });
    expect(parsePeriod("2026-Q4")).toMatchObject({ kind: "quarter", startDate: "2026-10-01", endDate: "2027-01-01" });
    expect(parsePeriod("2020-W53").startDate).toBe("2020-12-28");
  });

  it("draws the window in the audience's time zone, across DST", () => {
    const la = parsePeriod("2026-W45", "America/Los_Angeles"); // DST ends Sunday 2026-11-01, before this week
    expect(la.start).toBe("2026-11-02T08:00:00.000Z");
    const dst = parsePeriod("2026-W44", "America/Los_Angeles"); // holds the change: 169 hours long
    expect((Date.parse(dst.end) - Date.parse(dst.start)) / 3_600_000).toBe(169);
    expect(parsePeriod("2026-11", "Asia/Tokyo")).toMatchObject({
      start: "2026-10-31T15:00:00.000Z",
      startDate: "2026-11-01",
      endDate: "2026-12-01",
    });
  });

  it("rejects what is not a period with the accepted forms", () => {
    expect(() => parsePeriod("2026-W54")).toThrow(/week 54 does not exist/);
    expect(() => parsePeriod("2026-13")).toThrow(/month 13/);
    expect(() => parsePeriod("last week")).toThrow(/YYYY-Www .* YYYY-MM .* YYYY-Qn/);
    expect(() => parsePeriod("2026-W48", "Mars/Olympus")).toThrow(/IANA/);
  });

  it("the last complete period is never the one in progress", () => {
    const mondayMorning = new Date("2026-11-30T06:17:00Z");
    expect(lastCompletePeriod(mondayMorning, "week", "UTC").label).toBe("2026-W48");
    // Still Sunday evening in Los Angeles: W48 has not ended there.
    expect(lastCompletePeriod(mondayMorning, "week", "America/Los_Angeles").label).toBe("2026-W47");
    expect(lastCompletePeriod(new Date("2026-12-01T00:30:00Z"), "month", "UTC").label).toBe("2026-11");
    expect(lastCompletePeriod(new Date("2026-12-01T00:30:00Z"), "month", "America/New_York").label).toBe("2026-10");
    expect(lastCompletePeriod(new Date("2027-01-01T10:00:00Z"), "quarter", "Europe/London").label).toBe("2026-Q4");
    expect(lastCompletePeriod(new Date("2027-01-04T10:00:00Z"), "week", "UTC").label).toBe("2026-W53");
  });

  it("steps between periods across year ends", () => {
    const w52 = parsePeriod("2026-W52");
    expect(nextPeriod(w52).label).toBe("2026-W53");
    expect(nextPeriod(nextPeriod(w52)).label).toBe("2027-W01");
    expect(previousPeriod(parsePeriod("2027-01")).label).toBe("2026-12");
    expect(periodsBetween(parsePeriod("2026-Q2"), parsePeriod("2027-Q1")).map((p) => p.label)).toEqual(["2026-Q3", "2026-Q4"]);
    expect(periodLabelAt(new Date("2026-12-31T23:30:00Z"), "month", "Asia/Tokyo")).toBe("2027-01");
  });
});
