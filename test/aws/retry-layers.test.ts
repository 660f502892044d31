/**
 * DynamoDB and CloudWatch reads keep one retry layer, the SDK's standard strategy (DynamoDB 4 attempts, CloudWatch 3): reads are
 * idempotent, so a timed-out read may be repeated. Faults injected at the wire in front of dynalite.
 */
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeCredentials, LOCAL_REGION, type LocalDynamo, startDynamo } from "../../scripts/dev/aws-local.js";
import { readTable } from "../../src/collect/sources/dynamodb.js";
import type { TableMapping } from "../../src/collect/sources/dynamodb-config.js";
import { type FaultProxy, startFaultProxy } from "./fault-proxy.js";

const credentials = fakeCredentials();
let dynamo: LocalDynamo;
let proxy: FaultProxy;
let client: DynamoDBClient;

const table: TableMapping = { table: "sales", dataset: "revenue", list: "revenue", fields: {}, omit: ["pk", "sk"] };

beforeAll(async () => {
  dynamo = await startDynamo(credentials);
  await dynamo.createTable("sales");
  await dynamo.client.send(new PutItemCommand({ TableName: "sales", Item: { pk: { S: "a" }, sk: { S: "2026-11-01" } } }));
  proxy = await startFaultProxy(dynamo.endpoint);
  // As the wiring builds it: the SDK's defaults, except a short request timeout so a hung read fails fast.
  client = new DynamoDBClient({
    endpoint: proxy.url,
    region: LOCAL_REGION,
    credentials,
    requestHandler: { requestTimeout: 1500, throwOnRequestTimeout: true },
  });
});
afterAll(async () => {
  client?.destroy();
  await Promise.all([proxy?.stop(), dynamo?.stop()]);
});
beforeEach(() => {
  proxy.counts.clear();
  proxy.reset();
});

const scans = () => proxy.counts.get("Scan") ?? 0;

describe("DynamoDB business reads: the SDK's retry only", () => {
  it("two throttled answers, then the read: 3 requests at the wire", async () => {
    proxy.inject("Scan", "ddb-throttle", "ddb-throttle");
    expect((await readTable(client, table, "2026-12-01T00:00:00Z")).rows).toHaveLength(1);
    expect(scans()).toBe(3);
  });

  it("persistent throttling: exactly the SDK's 4 attempts, then the error (one layer)", async () => {
    expect(await client.config.maxAttempts()).toBe(4);
    proxy.inject("Scan", ...Array.from({ length: 10 }, () => "ddb-throttle" as const));
    await expect(readTable(client, table, "2026-12-01T00:00:00Z")).rejects.toMatchObject({
      name: "ProvisionedThroughputExceededException",
    });
    expect(scans()).toBe(4);
  });

  it("a read that timed out is simply read again (idempotent)", async () => {
    proxy.inject("Scan", "hang");
    expect((await readTable(client, table, "2026-12-01T00:00:00Z")).rows).toHaveLength(1);
    expect(scans()).toBe(2);
  });
});
