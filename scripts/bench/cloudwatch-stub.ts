/**
 * CloudWatch has no emulator on npm, so the bench stubs it at the SDK level: a middleware at the front of the client's
 * stack counts the command, waits `latencyMs` and answers with deterministic daily values, so nothing is serialised or sent.
 */

import { createHash } from "node:crypto";
import { CloudWatchClient, type GetMetricDataCommandInput, type GetMetricStatisticsCommandInput } from "@aws-sdk/client-cloudwatch";
import { fakeCredentials } from "../dev/aws-local.js";
import { type RequestCounter, sleep } from "./counter.js";

const DAY_MS = 86_400_000;

/** A stable pseudo-random daily value for one metric and day. */
function valueFor(key: string, t: number): number {
  const h = createHash("sha1").update(`${key}|${t}`).digest();
  return Math.round((h.readUInt32BE(0) / 0xffffffff) * 1000 * 100) / 100;
}

function days(start: Date, end: Date): number[] {
  const out: number[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += DAY_MS) out.push(t);
  return out;
}

type Dim = { Name?: string; Value?: string };
const keyOf = (ns?: string, name?: string, dims?: Dim[], stat?: string) =>
  `${ns}|${name}|${(dims ?? []).map((d) => `${d.Name}=${d.Value}`).join(",")}|${stat}`;

function answer(command: string, input: unknown): Record<string, unknown> {
  if (command === "GetMetricDataCommand") {
    const i = input as GetMetricDataCommandInput;
    const ts = days(new Date(i.StartTime!), new Date(i.EndTime!));
    return {
      MetricDataResults: (i.MetricDataQueries ?? []).map((q) => {
        const m = q.MetricStat!;
        const key = keyOf(m.Metric?.Namespace, m.Metric?.MetricName, m.Metric?.Dimensions, m.Stat);
        return {
          Id: q.Id,
          Label: m.Metric?.MetricName,
          StatusCode: "Complete",
          Timestamps: ts.map((t) => new Date(t)),
          Values: ts.map((t) => valueFor(key, t)),
        };
      }),
      Messages: [],
    };
  }
  if (command === "GetMetricStatisticsCommand") {
    const i = input as GetMetricStatisticsCommandInput;
    const stat = i.Statistics?.[0] ?? "Sum";
    const key = keyOf(i.Namespace, i.MetricName, i.Dimensions, stat);
    return {
      Label: i.MetricName,
      Datapoints: days(new Date(i.StartTime!), new Date(i.EndTime!)).map((t) => ({
        Timestamp: new Date(t),
        [stat]: valueFor(key, t),
        Unit: "None",
      })),
    };
  }
  throw Object.assign(new Error(`bench CloudWatch stub: ${command} is not stubbed`), { name: "InvalidAction" });
}

/** A CloudWatchClient whose every command is answered by the stub after `latencyMs`. */
export function stubbedCloudWatch(region: string, latencyMs: () => number, counter: RequestCounter): CloudWatchClient {
  const client = new CloudWatchClient({ region, credentials: fakeCredentials() });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const command = context.commandName ?? "unknown";
      counter.add("cloudwatch", `${command.replace(/Command$/, "")} ${region}`);
      await sleep(latencyMs());
      return { output: { $metadata: { httpStatusCode: 200 }, ...answer(command, args.input) }, response: {} } as never;
    },
    { step: "initialize", name: "benchCloudWatchStub", priority: "high" },
  );
  return client;
}
