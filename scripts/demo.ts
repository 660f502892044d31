/**
 * `npm run demo [-- --exit]`: the full AWS path on this machine. Starts dynalite (DynamoDB) and aws-ses-v2-local (SES) on free
 * loopback ports, creates the audit table, seeds business tables from data/, points the SDK at them with AWS_ENDPOINT_URL_<SERVICE>
 * and throwaway credentials, makes every report due at the sample's pinned clock through selectEdges() and run() (as `npm start`
 * would, but by SES and DynamoDB), and prints where the sent emails can be viewed.
 */
import { cp, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  type DynamoDBClient,
  QueryCommand,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { reportPk } from "../src/audit/dynamodb.js";
import { ensureAuditTable } from "../src/audit/dynamodb-table.js";
import { resolveClock } from "../src/config/clock.js";
import { loadEnv } from "../src/config/env.js";
import { loadDataDir } from "../src/config/load.js";
import { SesMailer } from "../src/delivery/ses.js";
import { createSesClient } from "../src/delivery/ses-client.js";
import { run } from "../src/pipeline/run.js";
import { consoleLogger } from "../src/shared/logger.js";
import { selectEdges } from "../src/wiring/edges.js";
import { fakeCredentials, LOCAL_REGION, startDynamo, startSes } from "./dev/aws-local.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const AUDIT_TABLE = "exec-reports-audit";
const TABLES = { revenue: "exec-reports-revenue", expenses: "exec-reports-expenses" };

async function putAll(client: DynamoDBClient, table: string, items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let req: Record<string, WriteRequest[]> | undefined = {
      [table]: items.slice(i, i + 25).map((it) => ({ PutRequest: { Item: marshall(it, { removeUndefinedValues: true }) } })),
    };
    while (req && Object.keys(req).length) {
      const out: BatchWriteItemCommandOutput = await client.send(new BatchWriteItemCommand({ RequestItems: req }));
      req = out.UnprocessedItems;
    }
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { exit: { type: "boolean", default: false }, out: { type: "string" } },
    allowPositionals: false,
  });
  const log = consoleLogger();
  const creds = fakeCredentials();
  const [dynamo, ses] = await Promise.all([startDynamo(creds), startSes(creds)]);
  // The same variables a real deployment would use; credentials are random and exist only in this process.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SES: ses.endpoint,
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_REGION: LOCAL_REGION,
  });
  log.secret(creds.secretAccessKey);
  console.log(`DynamoDB (dynalite):       ${dynamo.endpoint}\nSES (aws-ses-v2-local):    ${ses.endpoint}\n`);

  // Business data: the sample revenue and expenses as tables, with data/dynamodb.yaml mapping them back.
  const dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), "exec-reports-demo-")), "data");
  await cp(path.join(ROOT, "data"), dataDir, { recursive: true });
  const inv = await loadDataDir(dataDir);
  await ensureAuditTable(dynamo.client, AUDIT_TABLE, 10);
  await dynamo.createTable(TABLES.revenue, { hash: "entity", range: "date" });
  await dynamo.createTable(TABLES.expenses, { hash: "pk" });
  await putAll(dynamo.client, TABLES.revenue, inv.revenue.revenue);
  await putAll(
    dynamo.client,
    TABLES.expenses,
    inv.expenses.expenses.map((e) => ({ pk: e.id, ...e })),
  );
  const entities = [...new Set(inv.revenue.revenue.map((r) => r.entity))];
  await writeFile(
    path.join(dataDir, "dynamodb.yaml"),
    [
      "# Written by npm run demo: revenue by Query (entity + date range), expenses by Scan.",
      "tables:",
      ...entities.map(
        (e) =>
          `  - { table: ${TABLES.revenue}, dataset: revenue, list: revenue, entity: ${e}, query: { partitionKey: entity, sortKey: date, lookbackDays: 400 }, omit: [] }`,
      ),
      `  - { table: ${TABLES.expenses}, dataset: expenses, list: expenses }`,
      "",
    ].join("\n"),
  );

  const outDir = path.resolve(values.out ?? (await mkdtemp(path.join(os.tmpdir(), "exec-reports-demo-out-"))));
  const env = await loadEnv(undefined, { SES_SENDER_EMAIL: inv.portfolio.delivery.sender, AWS_REGION: LOCAL_REGION, AUDIT_TABLE });
  // The reporting clock is the one the sample pins (defaults.now); claims and audit times follow the real one.
  const clock = await resolveClock(dataDir, undefined, () => new Date());
  const wall = () => new Date();
  // The sample stays offline unless asked (auto: false): the demo asks for SES and DynamoDB by flag. CloudWatch has no
  // emulator on npm, so metrics come from data/metrics.yaml.
  const ctx = { outDir, dataDir, env, log, now: wall, auto: false };
  const edges = await selectEdges({ mailer: "ses", audit: "dynamodb", metrics: "file", git: "local", business: "dynamodb" }, ctx);
  // aws-ses-v2-local does not implement GetSendQuota; give the rate a new account gets in the sandbox's successor.
  edges.mailer = new SesMailer({ client: createSesClient({ region: LOCAL_REGION }), log, maxSendRate: 14, location: ses.endpoint });
  const opts = { dataDir, outDir, now: clock.now, wall, select: {}, force: false, dryRun: false, env };
  const result = await run(opts, log, edges);
  const again = await run({ ...opts, select: { audiences: ["cfo"] } }, log, edges);

  const emails = await ses.emails();
  console.log(
    `\nat ${clock.now().toISOString()}: ${result.reports.map((r) => `${r.reportId} ${r.status}${r.error ? ` (${r.error})` : ""}`).join(", ")}; rerun of ${again.reports[0]?.reportId}: ${again.reports[0]?.status}`,
  );
  console.log(`SES accepted ${emails.length} message(s):`);
  for (const e of emails)
    console.log(
      `  ${e.messageId}  to ${e.destination.to.join(", ")}${e.destination.cc.length ? ` cc ${e.destination.cc.join(", ")}` : ""}${e.destination.bcc.length ? ` bcc ${e.destination.bcc.join(", ")}` : ""}  "${e.subject}"`,
    );
  console.log("Audit trail in DynamoDB:");
  for (const r of result.reports) {
    const out = await dynamo.client.send(
      new QueryCommand({
        TableName: AUDIT_TABLE,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": reportPk(r.reportId) }),
      }),
    );
    const items = (out.Items ?? []).map((i) => unmarshall(i));
    const status = items.find((i) => i.sk === "STATUS");
    console.log(`  ${reportPk(r.reportId)}  STATUS ${status?.status} attempt ${status?.attempt}; ${items.length - 1} log item(s)`);
  }
  console.log(
    `\nView the emails: ${ses.endpoint}  (JSON: ${ses.endpoint}/store)\nReports and their snapshots: ${path.join(outDir, "reports")}`,
  );
  if (values.exit) {
    await Promise.all([ses.stop(), dynamo.stop()]);
    return result.ok ? 0 : 1;
  }
  console.log("Press Ctrl+C to stop the local servers.");
  process.on("SIGINT", () => {
    void Promise.all([ses.stop(), dynamo.stop()]).then(() => process.exit(result.ok ? 0 : 1));
  });
  return result.ok ? 0 : 1;
}

process.exitCode = await main();
