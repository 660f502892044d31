/**
 * Claims as leases, for both audits (file, and DynamoDB on dynalite): a live lease is never taken (not even with
 * --force), a lapsed one is, a dead local holder's at once; the heartbeat keeps a claim live and notices a takeover;
 * claimWithWait waits out a lapsing lease; records are redacted; the durable-audit rule.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalDynamo, startDynamo } from "../../scripts/dev/aws-local.js";
import { type AuditEntry, type AuditLog, type Claim, LEASE_MS } from "../../src/audit/audit-log.js";
import { requireDurableAudit, resetDurableAuditWarning } from "../../src/audit/durable.js";
import { DynamoDbAuditLog, reportPk, STATUS_SK } from "../../src/audit/dynamodb.js";
import { FileAuditLog } from "../../src/audit/file.js";
import { claimWithWait, startHeartbeat } from "../../src/audit/lease.js";
import { keepAlive } from "../../src/pipeline/claim.js";
import { UserError } from "../../src/shared/errors.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { Redactor } from "../../src/shared/redact.js";
import { tempDir } from "../helpers/cli.js";
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
  messageIds: status === "sent" ? ["m-1"] : [],
  snapshotSha256: "a".repeat(64),
  templateVersion: "t1",
  forced: false,
  startedAt: new Date(T0).toISOString(),
  finishedAt: new Date(T0 + 1000).toISOString(),
  durationMs: 1000,
  ...extra,
});

/** A pid that no process has any more. */
function deadPid(): number {
  const p = spawn(process.execPath, ["-e", ""]);
  const pid = p.pid!;
  execFileSync(process.execPath, ["-e", "setTimeout(()=>{},200)"]);
  return pid;
}

type Make = (clock: () => Date, redactor?: Redactor) => Promise<AuditLog>;
const fileDir = tempDir("exec-lease-");
const kinds: [string, Make][] = [
  ["file", async (clock, redactor) => new FileAuditLog(await fileDir, clock, redactor)],
  ["dynamodb", async (clock, redactor) => new DynamoDbAuditLog(dynamo.client, AUDIT_TABLE, clock, memoryLogger(), redactor)],
];
const id = (kind: string, name: string) => `${kind}.${name}.${randomBytes(3).toString("hex")}`;

describe.each(kinds)("%s audit: claims are leases", (kind, make) => {
  it("a live lease is refused with its expiry, even with --force; a lapsed one is taken over, with --force at once", async () => {
    let now = T0;
    const clock = () => new Date(now);
    const a = await make(clock);
    const b = await make(clock);
    const r = id(kind, "live");
    expect(await a.claim(claim(r))).toMatchObject({ claimed: true, attempt: 1 });
    now = T0 + LEASE_MS - 1000;
    const refused = await b.claim(claim(r, true));
    expect(refused).toMatchObject({ claimed: false, reason: expect.stringMatching(/another run holds the claim/) });
    expect(refused.claimed === false && refused.leaseExpiresAt).toBe(new Date(T0 + LEASE_MS).toISOString());
    now = T0 + LEASE_MS + 1;
    expect(await b.claim(claim(r, true))).toMatchObject({ claimed: true, attempt: 2 });
    // The first holder finds out before sending.
    expect(await a.renew(r)).toBe(false);
  });

  it("the lease lapses within a minute of the last renewal, and the next run resumes who was not yet reached", async () => {
    let now = T0;
    const clock = () => new Date(now);
    const a = await make(clock);
    const r = id(kind, "resume");
    await a.claim(claim(r));
    now += 20_000;
    await a.progress(r, { to: ["a@example.com"], messageIds: ["m-a"] });
    now += LEASE_MS - 1;
    expect((await (await make(clock)).claim(claim(r))).claimed).toBe(false);
    now += 2;
    expect(LEASE_MS).toBeLessThanOrEqual(60_000);
    expect(await (await make(clock)).claim(claim(r))).toEqual({
      claimed: true,
      attempt: 2,
      delivered: { to: ["a@example.com"], messageIds: ["m-a"] },
    });
  });

  it("a claim whose holder ran on this machine and is gone is taken over at once", async () => {
    const clock = () => new Date(T0);
    const r = id(kind, "dead");
    await (await make(clock)).claim(claim(r));
    const pid = deadPid();
    // Rewrite the holder to the dead process, as a killed run leaves it.
    if (kind === "file") {
      const file = path.join(await fileDir, ".claims", `${r}.json`);
      const c = JSON.parse(await readFile(file, "utf8"));
      await writeFile(file, JSON.stringify({ ...c, holder: { ...c.holder, pid } }));
    } else {
      const cur = (await reportItems(dynamo, r)).status!;
      await dynamo.client.send(
        new PutItemCommand({ TableName: AUDIT_TABLE, Item: marshall({ ...cur, holder: { ...(cur.holder as object), pid } }) }),
      );
    }
    expect(await (await make(clock)).claim(claim(r))).toMatchObject({ claimed: true, attempt: 2 });
  });

  it("the heartbeat renews the claim while the run works, and reports a takeover once", async () => {
    let now = T0;
    const clock = () => new Date(now);
    const a = await make(clock);
    const r = id(kind, "beat");
    await a.claim(claim(r));
    const lost: string[] = [];
    let renewed = 0;
    const stop = a.heartbeat!(
      r,
      20,
      () => lost.push("lost"),
      () => renewed++,
    );
    // The clock moves a lease and more, but the heartbeat keeps renewing: no takeover.
    for (let i = 0; i < 4; i++) {
      now += LEASE_MS / 2;
      await new Promise((res) => setTimeout(res, 60));
    }
    expect((await (await make(clock)).claim(claim(r))).claimed).toBe(false);
    await stop();
    expect(renewed).toBeGreaterThan(0);
    now += LEASE_MS + 1000;
    expect((await (await make(clock)).claim(claim(r))).claimed).toBe(true);
    // A heartbeat that finds the claim gone says so once and stops renewing.
    const stop2 = startHeartbeat(a, r, { everyMs: 10, onLost: () => lost.push("lost") });
    await new Promise((res) => setTimeout(res, 80));
    await stop2();
    expect(lost).toEqual(["lost"]);
  });

  it("a claim is fresh for half a lease after it is taken and after each renewal: a send within it need not renew first", async () => {
    let now = T0;
    const clock = () => new Date(now);
    const a = await make(clock);
    const r = id(kind, "fresh");
    await a.claim(claim(r));
    let renewedHook: (() => void) | undefined;
    let lostHook: (() => void) | undefined;
    // The audit's own heartbeat, driven by hand: its renewals and its takeover notice.
    const driven = Object.assign(Object.create(a) as AuditLog, {
      heartbeat: (_r: string, _every?: number, onLost?: () => void, onRenewed?: () => void) => {
        lostHook = onLost;
        renewedHook = onRenewed;
        return async () => undefined;
      },
    });
    const alive = keepAlive(driven, r, memoryLogger(), { claimedAt: clock(), now: clock });
    expect(alive.fresh()).toBe(true);
    now += LEASE_MS / 2 - 1;
    expect(alive.fresh()).toBe(true);
    now += 1;
    expect(alive.fresh()).toBe(false);
    renewedHook!();
    expect(alive.fresh()).toBe(true);
    lostHook!();
    expect(alive.fresh()).toBe(false);
    await alive.stop();
  });

  it("claimWithWait waits for a dead run's lease to lapse and takes the claim over; a renewing holder keeps it", async () => {
    let now = T0;
    const clock = () => new Date(now);
    const sleep = async (ms: number) => void (now += ms);
    const r = id(kind, "wait");
    await (await make(clock)).claim(claim(r));
    now += 5000;
    const log = memoryLogger();
    const got = await claimWithWait(await make(clock), claim(r), { sleep, now: clock, log });
    expect(got).toMatchObject({ claimed: true, attempt: 2 });
    expect(now - T0).toBeLessThanOrEqual(LEASE_MS + 1000);
    expect(log.lines[0]).toMatch(/waiting up to \d+ s for its lease to lapse/);

    // A live holder renews while the other waits: the wait ends in a refusal.
    const holder = await make(clock);
    const r2 = id(kind, "wait-live");
    await holder.claim(claim(r2));
    const renewing = async (ms: number) => {
      now += ms;
      await holder.renew(r2);
    };
    expect(await claimWithWait(await make(clock), claim(r2), { sleep: renewing, now: clock })).toMatchObject({ claimed: false });
  });

  it("never stores a known secret in an audit record", async () => {
    const token = `ghp_${randomBytes(18).toString("hex")}`;
    const a = await make(() => new Date(T0), new Redactor().add(token));
    const r = id(kind, "secret");
    await a.claim(claim(r));
    await a.record(entry(r, "failed", { error: `board was not updated: Bad credentials (you sent: token ${token})` }));
    const stored =
      kind === "file" ? await readFile(path.join(await fileDir, "audit.jsonl"), "utf8") : JSON.stringify(await reportItems(dynamo, r));
    expect(stored).toContain("Bad credentials (you sent: token [redacted])");
    expect(stored).not.toContain(token.slice(4));
  });
});

describe("file audit storage", () => {
  it("leaves no lock file behind and pads claim files so they can be settled in place", async () => {
    const dir = await tempDir();
    const a = new FileAuditLog(dir, () => new Date(T0));
    await a.claim(claim("f.pad"));
    await a.record(entry("f.pad", "sent"));
    expect((await readdir(dir)).sort()).toEqual([".claims", "audit.jsonl"]);
    const text = await readFile(path.join(dir, ".claims", "f.pad.json"), "utf8");
    expect(text.length % 4096).toBe(0);
    expect(JSON.parse(text)).toMatchObject({ status: "sent", messageIds: ["m-1"] });
  });
});

describe("requireDurableAudit", () => {
  it("refuses a real mailer with the file audit on GitHub Actions, with the fix", () => {
    expect(() => requireDurableAudit({ mailer: { name: "ses" }, audit: { name: "file" }, onActions: true })).toThrow(UserError);
    expect(() => requireDurableAudit({ mailer: { name: "ses" }, audit: { name: "file" }, onActions: true })).toThrow(
      /expected AUDIT_TABLE set to a DynamoDB table \(create it with `npm run setup -- --table NAME`/,
    );
  });

  it("lets the outbox or a durable audit through, and warns once locally", () => {
    resetDurableAuditWarning();
    const log = memoryLogger();
    requireDurableAudit({ mailer: { name: "outbox" }, audit: { name: "file" }, onActions: true, log });
    requireDurableAudit({ mailer: { name: "ses" }, audit: { name: "dynamodb" }, onActions: true, log });
    requireDurableAudit({ mailer: { name: "ses" }, audit: { name: "file" }, onActions: false, log });
    requireDurableAudit({ mailer: { name: "ses" }, audit: { name: "file" }, onActions: false, log });
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/^warning: audit: the ses mailer sends real email but the audit is the file audit/);
  });
});

// Used by the dynamodb case to read STATUS directly.
void reportPk;
void STATUS_SK;
