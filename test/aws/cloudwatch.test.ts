/** Must show 5: 1,200 metric queries take 3 GetMetricData calls; NextToken pages are followed; billing and CloudFront go to us-east-1. */
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { fakeCredentials } from "../../scripts/dev/aws-local.js";
import { billingServiceName, CloudWatchMetricsSource, seriesFor } from "../../src/collect/sources/cloudwatch.js";
import type { CollectContext } from "../../src/collect/sources/source.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { parsePeriod } from "../../src/shared/period.js";
import { DATA_DIR, NOW, PERIOD, sampleInventory } from "../helpers/sample.js";

const period = parsePeriod(PERIOD);
const day = (d: number) => new Date(Date.parse(period.start) + d * 86_400_000);

/** Answers every query with value (query index + 1) on each of the 7 days. */
function answer(input: GetMetricDataCommandInput) {
  return {
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({
      Id: q.Id,
      StatusCode: "Complete" as const,
      Timestamps: [0, 1, 2, 3, 4, 5, 6].map(day),
      Values: Array(7).fill(Number(q.Id!.slice(1)) + 1),
    })),
  };
}

async function ctx(metricCount: number): Promise<CollectContext & { log: ReturnType<typeof memoryLogger> }> {
  const inventory = await sampleInventory();
  if (metricCount) {
    inventory.metrics.metrics = Array.from({ length: metricCount }, (_, i) => ({
      entity: "queenofsandiego",
      namespace: "AWS/Lambda",
      metric: "Invocations",
      dimension: `FunctionName=fn-${i}`,
      stat: "Sum" as const,
      values: { "2026-11-23": 0 },
    }));
    inventory.aws.lambdas = [];
    inventory.aws.spend = [];
  }
  return { period, inventory, dataDir: DATA_DIR, log: memoryLogger(), now: () => NOW };
}

const clients = () => {
  const creds = fakeCredentials();
  return {
    regional: new CloudWatchClient({ region: "eu-west-1", credentials: creds }),
    usEast1: new CloudWatchClient({ region: "us-east-1", credentials: creds }),
  };
};

afterEach(() => {
  mockClient(CloudWatchClient).restore();
});

describe("CloudWatch source", () => {
  it("sends 1,200 metric queries in 3 GetMetricData calls of at most 500", async () => {
    const mock = mockClient(CloudWatchClient);
    mock.on(GetMetricDataCommand).callsFake(answer);
    const { regional, usEast1 } = clients();
    const c = await ctx(1200);
    const fact = await new CloudWatchMetricsSource(regional, usEast1, "eu-west-1").metrics(c);
    const calls = mock.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(3);
    expect(calls.map((x) => x.args[0].input.MetricDataQueries!.length)).toEqual([500, 500, 200]);
    expect(calls[0]!.args[0].input).toMatchObject({ StartTime: new Date(period.start), EndTime: new Date(period.end) });
    expect("value" in fact && fact.value).toHaveLength(1200);
    if (!("value" in fact)) return;
    expect(fact.value[1199]).toMatchObject({
      dimension: "FunctionName=fn-1199",
      points: ["23", "24", "25", "26", "27", "28", "29"].map((d) => ({ date: `2026-11-${d}`, value: 1200 })),
      total: 8400,
    });
    expect(fact.source).toBe("cloudwatch eu-west-1");
  });

  it("follows NextToken within a batch and joins the pages of one series", async () => {
    const mock = mockClient(CloudWatchClient);
    mock.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      const full = answer(input);
      // First page: the first 4 days; second page: the rest.
      if (!input.NextToken)
        return {
          NextToken: "page-2",
          MetricDataResults: full.MetricDataResults.map((r) => ({
            ...r,
            Timestamps: r.Timestamps.slice(0, 4),
            Values: r.Values.slice(0, 4),
          })),
        };
      return {
        MetricDataResults: full.MetricDataResults.map((r) => ({ ...r, Timestamps: r.Timestamps.slice(4), Values: r.Values.slice(4) })),
      };
    });
    const { regional, usEast1 } = clients();
    const fact = await new CloudWatchMetricsSource(regional, usEast1, "eu-west-1").metrics(await ctx(600));
    const calls = mock.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(4);
    expect(calls.map((x) => x.args[0].input.NextToken)).toEqual([undefined, "page-2", undefined, "page-2"]);
    expect("value" in fact && fact.value.every((s) => s.points.length === 7 && s.points.every((p) => p.value > 0))).toBe(true);
  });

  it("asks for Lambda, API/CloudFront series from data/ and EstimatedCharges by service in us-east-1", async () => {
    const inv = await sampleInventory();
    const specs = seriesFor(inv);
    expect(specs.filter((s) => s.namespace === "AWS/Lambda").map((s) => s.metric)).toEqual(
      expect.arrayContaining(["Invocations", "Errors", "Duration"]),
    );
    expect(specs.some((s) => s.namespace === "AWS/CloudFront" && s.metric === "Requests")).toBe(true);
    expect(billingServiceName("Amazon VPC (NAT Gateway)")).toBe("AmazonVPC");
    expect(billingServiceName("AWS Lambda")).toBe("AWSLambda");

    const regional = mockClient(new CloudWatchClient({ region: "eu-west-1", credentials: fakeCredentials() }));
    const east = mockClient(new CloudWatchClient({ region: "us-east-1", credentials: fakeCredentials() }));
    regional.on(GetMetricDataCommand).callsFake(answer);
    east.on(GetMetricDataCommand).callsFake(answer);
    const c = await ctx(0);
    const fact = await new CloudWatchMetricsSource(
      regional as unknown as CloudWatchClient,
      east as unknown as CloudWatchClient,
      "eu-west-1",
    ).metrics(c);
    const eastNs = east
      .commandCalls(GetMetricDataCommand)
      .flatMap((x) => x.args[0].input.MetricDataQueries!.map((q) => q.MetricStat!.Metric!.Namespace));
    const regionalNs = regional
      .commandCalls(GetMetricDataCommand)
      .flatMap((x) => x.args[0].input.MetricDataQueries!.map((q) => q.MetricStat!.Metric!.Namespace));
    expect(new Set(eastNs)).toEqual(new Set(["AWS/Billing", "AWS/CloudFront"]));
    expect(regionalNs.every((n) => n === "AWS/Lambda")).toBe(true);
    const billing = east
      .commandCalls(GetMetricDataCommand)[0]!
      .args[0].input.MetricDataQueries!.find((q) => q.MetricStat!.Metric!.Namespace === "AWS/Billing")!;
    expect(billing.MetricStat).toMatchObject({
      Stat: "Maximum",
      Period: 86400,
      Metric: { MetricName: "EstimatedCharges", Dimensions: expect.arrayContaining([{ Name: "Currency", Value: "USD" }]) },
    });
    expect("value" in fact && fact.value.length).toBe(specs.length);
  });
});
