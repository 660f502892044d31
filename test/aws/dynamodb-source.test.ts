/** Must show 4: a DynamoDB table over 1 MB is read completely (pages followed); an unreachable table marks its dataset missing and the report still goes out. */

import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { BatchWriteItemCommand, type BatchWriteItemCommandOutput, type DynamoDBClient, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalDynamo, type LocalSes, startDynamo, startSes } from "../../scripts/dev/aws-local.js";
import type { Snapshot } from "../../src/collect/snapshot.js";
import { DynamoDbDatasetSource, readTable } from "../../src/collect/sources/dynamodb.js";
import { dynamoDbConfigSchema, loadDynamoDbConfig } from "../../src/collect/sources/dynamodb-config.js";
import { FileMetricsSource } from "../../src/collect/sources/metrics-file.js";
import { datasetSource, gitSource, metricsSource } from "../../src/collect/sources/registry.js";
import { ConfigError } from "../../src/shared/errors.js";
import { copyData } from "../helpers/cli.js";
import { sampleInventory } from "../helpers/sample.js";
import { AUDIT_TABLE, noGit, removeOutDirs, runAws } from "./fixture.js";

let ses: LocalSes;
let dynamo: LocalDynamo;
const BIG = 1400;
const MEMO = "x".repeat(1000);

async function putAll(client: DynamoDBClient, table: string, items: Record<string, unknown>[]) {
  for (let i = 0; i < items.length; i += 25) {
    let req: Record<string, WriteRequest[]> | undefined = {
      [table]: items.slice(i, i + 25).map((it) => ({ PutRequest: { Item: marshall(it) } })),
    };
    while (req && Object.keys(req).length) {
      const out: BatchWriteItemCommandOutput = await client.send(new BatchWriteItemCommand({ RequestItems: req }));
      req = out.UnprocessedItems;
    }
  }
}

beforeAll(async () => {
  [ses, dynamo] = await Promise.all([startSes(), startDynamo()]);
  await Promise.all([
    dynamo.createTable(AUDIT_TABLE),
    dynamo.createTable("biz-expenses"),
    dynamo.createTable("biz-revenue", { hash: "entity", range: "date" }),
  ]);
  const inv = await sampleInventory();
  // The sample expenses, then enough old, padded ones that the table is well over DynamoDB's 1 MB page.
  const padded = Array.from({ length: BIG }, (_, i) => ({
    id: `e-old-${i}`,
    entity: "shared-ops",
    date: "2019-01-15",
    category: "archive",
    vendor: "Example Archive",
    amount: 1,
    account: "ops-checking",
    memo: MEMO,
  }));
  await putAll(
    dynamo.client,
    "biz-expenses",
    [...inv.expenses.expenses, ...padded].map((e) => ({ pk: e.id, sk: e.date, ...e })),
  );
  await putAll(dynamo.client, "biz-revenue", inv.revenue.revenue);
}, 30_000);
afterAll(async () => {
  await Promise.all([ses?.stop(), dynamo?.stop()]);
  await removeOutDirs();
});

describe("DynamoDB business data", () => {
  it("reads a table larger than 1 MB across pages, and marks an unreachable table's dataset missing while the report is sent", async () => {
    const inv = await sampleInventory();
    const config = dynamoDbConfigSchema.parse({
      tables: [
        { table: "biz-expenses", dataset: "expenses", list: "expenses" },
        { table: "biz-assets-gone", dataset: "assets", list: "assets" },
      ],
    });
    const { result, log, out } = await runAws(
      { ses, dynamo },
      { audiences: ["cfo"], period: "2026-W42" },
      {
        edges: {
          sources: [
            gitSource(noGit),
            metricsSource(new FileMetricsSource()),
            datasetSource(new DynamoDbDatasetSource(dynamo.client, config), ["expenses", "assets"]),
          ],
        },
      },
    );

    const pages = /dynamodb: biz-expenses: (\d+) items in (\d+) page\(s\) by Scan/.exec(log.lines.join("\n"));
    expect(pages, log.lines.join("\n")).not.toBeNull();
    expect(Number(pages![1])).toBe(inv.expenses.expenses.length + BIG);
    expect(Number(pages![2])).toBeGreaterThanOrEqual(2);

    const snap = JSON.parse(await readFile(result.reports[0]!.files.snapshot, "utf8")) as Snapshot;
    const exp = snap.datasets.expenses;
    expect("value" in exp && exp.value.expenses.length).toBe(inv.expenses.expenses.length + BIG);
    expect(exp.source).toBe("dynamodb:biz-expenses");
    expect(snap.datasets.assets).toMatchObject({ source: "dynamodb:biz-assets-gone" });
    expect("missing" in snap.datasets.assets && snap.datasets.assets.missing).toMatch(/table biz-assets-gone: ResourceNotFoundException/);
    expect(snap.sources.find((s) => s.name === "dynamodb")).toMatchObject({ kind: "datasets", ok: false });

    expect(result.reports[0]!.status).toBe("sent");
    expect(await ses.emails()).toHaveLength(1);
    expect(out).toBeTruthy();
  });

  it("queries by partition key and date range instead of scanning when the key design allows", async () => {
    const inv = await sampleInventory();
    const [t] = dynamoDbConfigSchema.parse({
      tables: [
        {
          table: "biz-revenue",
          dataset: "revenue",
          list: "revenue",
          entity: "queenofsandiego",
          query: { partitionKey: "entity", sortKey: "date", lookbackDays: 60 },
          omit: [],
        },
      ],
    }).tables;
    const end = "2026-11-30T00:00:00.000Z";
    const r = await readTable(dynamo.client, t!, end);
    const want = inv.revenue.revenue.filter((x) => x.entity === "queenofsandiego" && x.date >= "2026-10-01" && x.date < "2026-11-30");
    expect(r.mode).toBe("Query");
    expect(r.rows.map((x) => x.id).sort()).toEqual(want.map((x) => x.id).sort());
    expect(r.rows.length).toBeLessThan(inv.revenue.revenue.length);
  });

  it("loads data/dynamodb.yaml when present and names file:line for a bad list", async () => {
    const dir = await copyData();
    expect(await loadDynamoDbConfig(dir)).toBeNull();
    await writeFile(path.join(dir, "dynamodb.yaml"), "tables:\n  - table: biz-revenue\n    dataset: revenue\n    list: revenues\n");
    const err = await loadDynamoDbConfig(dir).catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain(`${path.join(dir, "dynamodb.yaml")}:4 tables[0].list: "revenues"`);
    await writeFile(path.join(dir, "dynamodb.yaml"), await readFile(path.join(dir, "dynamodb.example.yaml"), "utf8"));
    const example = await loadDynamoDbConfig(dir);
    expect(example?.config.tables.map((t) => [t.dataset, t.list, t.query ? "Query" : "Scan"])).toEqual([
      ["revenue", "revenue", "Query"],
      ["expenses", "expenses", "Scan"],
    ]);
  });
});
