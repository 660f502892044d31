/** The DynamoDB audit log's claim rules on dynalite: crashed claims time out, failed ones are retryable, a taken-over claim is not overwritten. */
import { PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalDynamo, startDynamo } from "../../scripts/dev/aws-local.js";
import { type AuditEntry, CLAIM_TIMEOUT_MS, type Claim } from "../../src/audit/audit-log.js";
import { DynamoDbAuditLog } from "../../src/audit/dynamodb.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { AUDIT_TABLE, reportItems } from "./fixture.js";

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynamo();
  await dynamo.createTable(AUDIT_TABLE);
});
afterAll(async () => {
  await dynamo?.stop();
});

const T0 = Date.parse("2026-11-25T12:00:00Z");
const claim = (reportId: string, force = false): Claim => ({
  reportId,
  role: "cfo",
  period: "2026-W48",
  scope: "all",
  startedAt: new Date(T0).toISOString(),
  force,
});
const entry = (reportId: string, status: AuditEntry["status"], extra: Partial<AuditEntry> = {}): AuditEntry => ({
  reportId,
  role: "cfo",
  period: "2026-W48",
  scope: "all",
  status,
  recipients: { to: ["cfo@example.com"], bcc: [] },
  mailer: "ses",
  messageIds: status === "sent" ? ["ses-1"] : [],
  snapshotSha256: "a".repeat(64),
  templateVersion: "t1",
  forced: false,
  startedAt: new Date(T0).toISOString(),
  finishedAt: new Date(T0 + 1000).toISOString(),
  durationMs: 1000,
  ...extra,
});

describe("DynamoDB audit log", () => {
  it("lets a claim left in sending by a crashed run be taken over only after CLAIM_TIMEOUT_MS", async () => {
    let now = T0;
    const log = memoryLogger();
    const crashed = new DynamoDbAuditLog(dynamo.client, AUDIT_TABLE, () => new Date(now));
    const next = new DynamoDbAuditLog(dynamo.client, AUDIT_TABLE, () => new Date(now), log);
    expect(await crashed.claim(claim("r.crash"))).toEqual({ claimed: true, attempt: 1 });
    now = T0 + CLAIM_TIMEOUT_MS - 1000;
    expect(await next.claim(claim("r.crash"))).toMatchObject({
      claimed: false,
      reason: expect.stringMatching(/another run holds the claim/),
    });
    now = T0 + CLAIM_TIMEOUT_MS + 1000;
    expect(await next.claim(claim("r.crash"))).toEqual({ claimed: true, attempt: 2 });
    expect(log.lines.join("\n")).toMatch(/took over a claim left in sending/);
    await next.record(entry("r.crash", "sent"));
    // The crashed run wakes up late: its outcome is logged but must not overwrite the new owner's status.
    await crashed.record(entry("r.crash", "failed", { error: "late" }));
    const { status, logs } = await reportItems(dynamo, "r.crash");
    expect(status).toMatchObject({ status: "sent", attempt: 2, messageIds: ["ses-1"] });
    expect(status!.error).toBeUndefined();
    expect(logs.map((l) => l.status).sort()).toEqual(["failed", "sent"]);
  });

  it("retries a failed report, and clears the old error once sent", async () => {
    const a = new DynamoDbAuditLog(dynamo.client, AUDIT_TABLE, () => new Date(T0));
    await a.claim(claim("r.fail"));
    await a.record(entry("r.fail", "failed", { error: "MessageRejected: nope" }));
    expect((await reportItems(dynamo, "r.fail")).status).toMatchObject({ status: "failed", error: "MessageRejected: nope" });
    expect(await a.claim(claim("r.fail"))).toEqual({ claimed: true, attempt: 2 });
    await a.record(entry("r.fail", "sent"));
    const { status } = await reportItems(dynamo, "r.fail");
    expect(status).toMatchObject({ status: "sent", attempt: 2 });
    expect(status!.error).toBeUndefined();
  });

  it("settles the status even when the log write fails, and still reports the failure", async () => {
    // A client that refuses the LOG put (e.g. throttled after its retries) but lets every other call through.
    const flaky = {
      send: (cmd: { input: { Item?: { sk?: { S?: string } } } }) =>
        cmd.input.Item?.sk?.S?.startsWith("LOG#")
          ? Promise.reject(
              Object.assign(new Error("Rate of requests exceeds the allowed throughput."), {
                name: "ProvisionedThroughputExceededException",
              }),
            )
          : dynamo.client.send(cmd as never),
    };
    const a = new DynamoDbAuditLog(flaky as unknown as typeof dynamo.client, AUDIT_TABLE, () => new Date(T0));
    await a.claim(claim("r.logfail"));
    await expect(a.record(entry("r.logfail", "sent"))).rejects.toThrow(/ProvisionedThroughputExceeded|throughput/);
    const { status, logs } = await reportItems(dynamo, "r.logfail");
    // The email went out: STATUS says so, and a rerun is skipped rather than sending a second copy.
    expect(status).toMatchObject({ status: "sent", messageIds: ["ses-1"], snapshotSha256: "a".repeat(64) });
    expect(logs).toEqual([]);
    expect(await a.claim(claim("r.logfail"))).toMatchObject({ claimed: false, reason: expect.stringMatching(/already sent/) });
  });

  it("a run that dies between messages: the next claim after the timeout carries who already has the report", async () => {
    let now = T0;
    const crashed = new DynamoDbAuditLog(dynamo.client, AUDIT_TABLE, () => new Date(now));
    await crashed.claim(claim("r.progress"));
    await crashed.progress("r.progress", { to: ["a@example.com", "b@example.com"], messageIds: ["ses-1"] });
    // No record(): the process was killed. Another run's progress for a claim it does not hold changes nothing.
    await new DynamoDbAuditLog(dynamo.client, AUDIT_TABLE, () => new Date(now)).progress("r.progress", {
      to: ["zzz@example.com"],
      messageIds: ["x"],
    });
    now = T0 + CLAIM_TIMEOUT_MS + 1000;
    const log = memoryLogger();
    const next = new DynamoDbAuditLog(dynamo.client, AUDIT_TABLE, () => new Date(now), log);
    expect(await next.claim(claim("r.progress"))).toEqual({
      claimed: true,
      attempt: 2,
      delivered: { to: ["a@example.com", "b@example.com"], messageIds: ["ses-1"] },
    });
    expect(log.lines.join("\n")).toMatch(/attempt 1 reached 2 recipient\(s\) \(ses-1\); attempt 2 sends to the others only/);
    // --force means everyone again: no delivered list, and the stored one is dropped.
    await next.record(
      entry("r.progress", "failed", { error: "boom", deliveredTo: ["a@example.com", "b@example.com"], messageIds: ["ses-1"] }),
    );
    expect(await next.claim(claim("r.progress", true))).toEqual({ claimed: true, attempt: 3 });
    expect((await reportItems(dynamo, "r.progress")).status!.deliveredTo).toBeUndefined();
  });

  it("renew: true and fresher for the holder, so no takeover; false once another run has taken the claim over", async () => {
    let now = T0;
    const a = new DynamoDbAuditLog(dynamo.client, AUDIT_TABLE, () => new Date(now));
    const b = new DynamoDbAuditLog(dynamo.client, AUDIT_TABLE, () => new Date(now));
    await a.claim(claim("r.renew"));
    now = T0 + CLAIM_TIMEOUT_MS - 1000;
    expect(await a.renew("r.renew")).toBe(true);
    now = T0 + CLAIM_TIMEOUT_MS + 1000;
    // Renewed 2 s ago: still a live claim.
    expect(await b.claim(claim("r.renew"))).toMatchObject({ claimed: false, reason: expect.stringMatching(/another run holds the claim/) });
    now = T0 + 2 * CLAIM_TIMEOUT_MS;
    expect(await b.claim(claim("r.renew"))).toMatchObject({ claimed: true, attempt: 2 });
    expect(await a.renew("r.renew")).toBe(false);
    expect(await b.renew("r.renew")).toBe(true);
    expect(await new DynamoDbAuditLog(dynamo.client, AUDIT_TABLE, () => new Date(now)).renew("r.renew")).toBe(false);
  });

  it("keeps KPI history; the baseline is the newest run of the latest period up to the report's own, never a later one", async () => {
    const a = new DynamoDbAuditLog(dynamo.client, AUDIT_TABLE, () => new Date(T0));
    const W = {
      46: "2026-11-09T00:00:00.000Z",
      47: "2026-11-16T00:00:00.000Z",
      48: "2026-11-23T00:00:00.000Z",
      49: "2026-11-30T00:00:00.000Z",
    } as const;
    const snap = (w: 46 | 47 | 48 | 49, at: string, leads: number) => ({
      reportId: `cmo.all.2026-W${w}`,
      period: `2026-W${w}`,
      periodStart: W[w],
      at,
      values: { leads },
    });
    expect(await a.lastKpis("cmo", "all")).toBeNull();
    await a.saveKpis("cmo", "all", snap(47, "2026-11-23T06:17:00.000Z", 3));
    await a.saveKpis("cmo", "all", snap(48, "2026-11-30T06:17:00.000Z", 5));
    await a.saveKpis("cmo", "jada", { ...snap(49, "2026-12-07T06:17:00.000Z", 9), reportId: "cmo.jada.2026-W49" });
    expect(await a.lastKpis("cmo", "all")).toEqual(snap(48, "2026-11-30T06:17:00.000Z", 5));
    // A W45 backfill, run after W48, compares with nothing later: no baseline.
    expect(await a.lastKpis("cmo", "all", "2026-11-02T00:00:00.000Z")).toBeNull();
    // W46 backfilled after W48, then W48 resent with --force: W49 compares with W48's newest run, not the
    // backfill; a W47 rerun with W47's own last run; W48's resend was compared with W48's first run.
    await a.saveKpis("cmo", "all", snap(46, "2026-12-01T09:00:00.000Z", 1));
    expect(await a.lastKpis("cmo", "all", W[48])).toEqual(snap(48, "2026-11-30T06:17:00.000Z", 5));
    await a.saveKpis("cmo", "all", snap(48, "2026-12-01T10:00:00.000Z", 6));
    expect(await a.lastKpis("cmo", "all", W[49])).toEqual(snap(48, "2026-12-01T10:00:00.000Z", 6));
    expect(await a.lastKpis("cmo", "all", W[47])).toEqual(snap(47, "2026-11-23T06:17:00.000Z", 3));
    expect(await a.lastKpis("cmo", "all", W[46])).toEqual(snap(46, "2026-12-01T09:00:00.000Z", 1));
  });

  it("a claim write DynamoDB applied but whose answer was lost (the SDK sends it again) is still this run's claim", async () => {
    // The SDK's behaviour on a timeout or 5xx after the write was applied: the same request goes out again.
    const replayOnce = (match: (cmd: unknown) => boolean) => {
      let armed = true;
      return {
        send: async (cmd: never, ...rest: never[]) => {
          if (armed && match(cmd)) {
            armed = false;
            await dynamo.client.send(cmd);
          }
          return dynamo.client.send(cmd, ...rest);
        },
      };
    };
    // The first claim's conditional put: otherwise the run skips its own claim and nobody sends that week.
    const put = new DynamoDbAuditLog(
      replayOnce((c) => c instanceof PutItemCommand && c.input.ConditionExpression === "attribute_not_exists(pk)") as never,
      AUDIT_TABLE,
      () => new Date(T0),
    );
    expect(await put.claim(claim("r.lost-put"))).toMatchObject({ claimed: true });
    // A takeover's conditional update, likewise.
    let now = T0;
    await new DynamoDbAuditLog(dynamo.client, AUDIT_TABLE, () => new Date(now)).claim(claim("r.lost-update"));
    now = T0 + CLAIM_TIMEOUT_MS + 1000;
    const update = new DynamoDbAuditLog(
      replayOnce((c) => c instanceof UpdateItemCommand && /attempt = :prev/.test(c.input.ConditionExpression ?? "")) as never,
      AUDIT_TABLE,
      () => new Date(now),
    );
    expect(await update.claim(claim("r.lost-update"))).toMatchObject({ claimed: true });
  });

  it("names the fix when the table does not exist", async () => {
    const a = new DynamoDbAuditLog(dynamo.client, "no-such-audit-table", () => new Date(T0));
    await expect(a.claim(claim("r.none"))).rejects.toThrow(
      /audit table no-such-audit-table not found: create it with `npm run setup -- --table no-such-audit-table`/,
    );
  });
});
