import { describe, expect, it } from "vitest";
import { pointsFrom } from "../../src/collect/sources/cloudwatch.js";
import { seriesInPeriod } from "../../src/collect/sources/metrics-file.js";
import { parsePeriod } from "../../src/shared/period.js";

const series = {
  entity: "e",
  namespace: "AWS/Lambda",
  metric: "Invocations",
  dimension: "FunctionName=f",
  stat: "Sum" as const,
  values: { "2027-03-07": 5, "2027-03-08": 1, "2027-03-14": 2, "2027-03-15": 7 },
};

describe("metric series carry their own dates", () => {
  it("keeps the file's values dated inside the period, whatever the period", () => {
    const [w] = seriesInPeriod([series], parsePeriod("2027-W10"));
    expect(w!.points).toEqual([
      { date: "2027-03-08", value: 1 },
      { date: "2027-03-14", value: 2 },
    ]);
    expect(w!.total).toBe(3);
    expect(seriesInPeriod([series], parsePeriod("2027-03"))[0]!.total).toBe(15);
    expect(seriesInPeriod([series], parsePeriod("2027-02"))[0]!.points).toEqual([]);
  });

  it("dates CloudWatch values by their own timestamps in the period's time zone, a missing day staying missing", () => {
    const p = parsePeriod("2027-W10", "America/Los_Angeles");
    const t = (iso: string) => Date.parse(iso);
    const byTime = new Map([
      [t("2027-03-08T08:00:00Z"), 4],
      [t("2027-03-10T08:00:00Z"), 6],
      [t("2027-03-15T07:00:00Z"), 9],
    ]);
    expect(pointsFrom(byTime, p)).toEqual([
      { date: "2027-03-08", value: 4 },
      { date: "2027-03-10", value: 6 },
    ]);
  });
});
