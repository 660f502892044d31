/** Must show 1 and 2: the pipeline through aws-ses-v2-local and dynalite; exactly one email for 20 concurrent runs; rerun skipped; --force recorded. */
import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type LocalDynamo, type LocalSes, startDynamo, startSes } from "../../scripts/dev/aws-local.js";
import { kpiPk } from "../../src/audit/dynamodb.js";
import { envelopeFor } from "../../src/pipeline/envelope.js";
import { sampleInventory } from "../helpers/sample.js";
import { AUDIT_TABLE, removeOutDirs, reportItems, runAws } from "./fixture.js";

let ses: LocalSes;
let dynamo: LocalDynamo;

beforeAll(async () => {
  [ses, dynamo] = await Promise.all([startSes(), startDynamo()]);
  await dynamo.createTable(AUDIT_TABLE);
});
afterAll(async () => {
  await Promise.all([ses?.stop(), dynamo?.stop()]);
  await removeOutDirs();
});
beforeEach(async () => {
  await ses.clear();
});

describe("pipeline through SES and DynamoDB emulators", () => {
  it("sends every weekly audience's report by SES and records it in the DynamoDB audit trail", async () => {
    const { result } = await runAws({ ses, dynamo }, { period: "2026-W47" });
    const weekly = ["ceo", "cto", "cfo", "cmo", "accounting", "quickdumpnow-manager"];
    expect(result.reports.map((r) => [r.reportId, r.status, r.error])).toEqual(weekly.map((a) => [`${a}.2026-W47`, "sent", undefined]));

    const emails = await ses.emails();
    expect(emails).toHaveLength(weekly.length);
    const portfolio = (await sampleInventory()).portfolio;
    for (const r of result.reports) {
      const stored = emails.find((e) => e.messageId === r.messageIds[0]);
      expect(stored, `${r.reportId} email in the SES store`).toBeDefined();
      const want = envelopeFor(r.audience, portfolio, {});
      expect(stored!.from).toContain(want.from);
      expect(stored!.destination.to.join(",")).toContain(want.to[0]);
      if (want.cc.length) expect(stored!.destination.cc.join(",")).toContain(want.cc[0]);
      if (want.bcc.length) expect(stored!.destination.bcc.join(",")).toContain(want.bcc[0]);
      expect(stored!.subject).toContain("2026-W47");
      expect(stored!.body.html).toContain("<html");
      expect(stored!.body.text?.length).toBeGreaterThan(100);

      const { status, logs } = await reportItems(dynamo, r.reportId);
      expect(status).toMatchObject({
        status: "sent",
        attempt: 1,
        messageIds: r.messageIds,
        mailer: "ses",
        recipients: { to: want.to, bcc: [...want.cc, ...want.bcc] },
      });
      expect(status!.snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(String(status!.templateVersion).length).toBeGreaterThan(0);
      expect(status!.durationMs).toBeTypeOf("number");
      expect(logs.map((l) => l.status)).toEqual(["sent"]);
    }
    const kpis = await dynamo.client.send(
      new QueryCommand({
        TableName: AUDIT_TABLE,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": kpiPk("cfo", "report") }),
      }),
    );
    expect(kpis.Items?.map((i) => unmarshall(i).period)).toContain("2026-W47");
  });

  it("20 concurrent runs of one report id send exactly one email; a rerun is skipped; --force sends again and is recorded", async () => {
    const runs = await Promise.all(Array.from({ length: 20 }, () => runAws({ ses, dynamo }, { audiences: ["cfo"] })));
    const statuses = runs.map((r) => r.result.reports[0]!.status);
    expect(statuses.filter((s) => s === "sent")).toHaveLength(1);
    expect(statuses.filter((s) => s === "skipped")).toHaveLength(19);
    expect(await ses.emails()).toHaveLength(1);
    const id = runs[0]!.result.reports[0]!.reportId;
    const sentIds = runs.find((r) => r.result.reports[0]!.status === "sent")!.result.reports[0]!.messageIds;

    const first = await reportItems(dynamo, id);
    expect(first.status).toMatchObject({ status: "sent", attempt: 1, messageIds: sentIds });
    expect(first.logs.filter((l) => l.status === "sent")).toHaveLength(1);
    expect(first.logs.filter((l) => l.status === "skipped")).toHaveLength(19);

    const rerun = await runAws({ ses, dynamo }, { audiences: ["cfo"] });
    expect(rerun.result.reports[0]).toMatchObject({ status: "skipped", messageIds: sentIds });
    expect(rerun.log.lines.join("\n")).toMatch(/skipped \(already sent/);
    expect(await ses.emails()).toHaveLength(1);

    const forced = await runAws({ ses, dynamo }, { audiences: ["cfo"] }, { force: true });
    expect(forced.result.reports[0]!.status).toBe("sent");
    const emails = await ses.emails();
    expect(emails).toHaveLength(2);
    const after = await reportItems(dynamo, id);
    expect(after.status).toMatchObject({ status: "sent", attempt: 2, forced: true, messageIds: forced.result.reports[0]!.messageIds });
    const sentLogs = after.logs.filter((l) => l.status === "sent");
    expect(sentLogs.map((l) => [l.attempt, l.forced])).toEqual(
      expect.arrayContaining([
        [1, false],
        [2, true],
      ]),
    );
  });
});
