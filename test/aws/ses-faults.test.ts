/**
 * One retry layer on SES, and no retry of a send whose outcome is unknown: faults injected at the wire (a proxy in
 * front of aws-ses-v2-local), counted where they arrive, with the production client (createSesClient).
 */
import { SESClient } from "@aws-sdk/client-ses";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeCredentials, LOCAL_REGION, type LocalDynamo, type LocalSes, startDynamo, startSes } from "../../scripts/dev/aws-local.js";
import { DynamoDbAuditLog } from "../../src/audit/dynamodb.js";
import { FileMetricsSource } from "../../src/collect/sources/metrics-file.js";
import { gitSource, metricsSource } from "../../src/collect/sources/registry.js";
import type { Env } from "../../src/config/env.js";
import { type OutgoingEmail, SendOutcomeUnknownError } from "../../src/delivery/mailer.js";
import { messageIdFor } from "../../src/delivery/mime.js";
import { SesSendError } from "../../src/delivery/ses.js";
import { createSesClient } from "../../src/delivery/ses-client.js";
import { type Edges, type RunOptions, run } from "../../src/pipeline/run.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { offlineEdges } from "../../src/wiring/edges.js";
import { DATA_DIR } from "../helpers/sample.js";
import { type FaultProxy, startFaultProxy } from "./fault-proxy.js";
import { AUDIT_TABLE, noGit, outDir, removeOutDirs, reportItems, sesMailer } from "./fixture.js";

let ses: LocalSes;
let dynamo: LocalDynamo;
let proxy: FaultProxy;
let client: SESClient;
const NOW = new Date("2026-12-01T18:00:00Z");

beforeAll(async () => {
  [ses, dynamo] = await Promise.all([startSes(), startDynamo()]);
  await dynamo.createTable(AUDIT_TABLE);
  proxy = await startFaultProxy(ses.endpoint);
  // Short timeouts so a hung request fails fast; the production defaults are in ses-client.ts.
  client = createSesClient({
    endpoint: proxy.url,
    region: LOCAL_REGION,
    credentials: fakeCredentials(),
    requestHandler: { connectionTimeout: 2000, requestTimeout: 1500, throwOnRequestTimeout: true },
  });
});
afterAll(async () => {
  client?.destroy();
  await Promise.all([proxy?.stop(), ses?.stop(), dynamo?.stop()]);
  await removeOutDirs();
});
beforeEach(async () => {
  await ses.clear();
  proxy.counts.clear();
  proxy.reset();
});

const sends = () => proxy.counts.get("SendRawEmail") ?? 0;
const email = (to: string[], bcc: string[] = []): OutgoingEmail => ({
  reportId: "cfo-monthly.2026-11",
  from: "reports@example.com",
  to,
  bcc,
  subject: "Monthly report",
  text: "Plain text part",
  html: "<html><body><p>HTML part</p></body></html>",
  date: new Date("2026-12-01T18:00:00Z"),
});

describe("SES retry layering (faults at the wire)", () => {
  it("retries throttling answered by SES: 2 injected, 3 requests at the wire, 1 email", async () => {
    const log = memoryLogger();
    proxy.inject("SendRawEmail", "throttle", "throttle");
    const sent = await sesMailer({ ...ses, client }, log).send(email(["cfo@example.com"]));
    expect(sent.messageIds).toHaveLength(1);
    expect(sends()).toBe(3);
    expect(await ses.emails()).toHaveLength(1);
    expect(log.lines.filter((l) => /Throttling.*retry \d of 5/.test(l))).toHaveLength(2);
  });

  it("persistent throttling: exactly 6 requests at the wire (our budget), not 6 × the SDK's 3", async () => {
    proxy.inject("SendRawEmail", ...Array.from({ length: 20 }, () => "throttle" as const));
    await expect(sesMailer({ ...ses, client }, memoryLogger()).send(email(["cfo@example.com"]))).rejects.toThrow(SesSendError);
    expect(sends()).toBe(6);
    expect(await ses.emails()).toHaveLength(0);
  });

  it("retries a 500 InternalFailure (SES answered: it did not take the message)", async () => {
    proxy.inject("SendRawEmail", "internal");
    await sesMailer({ ...ses, client }, memoryLogger()).send(email(["cfo@example.com"]));
    expect(sends()).toBe(2);
    expect(await ses.emails()).toHaveLength(1);
  });

  it.each([
    ["hang", /TimeoutError/],
    ["reset", /socket hang up|ECONNRESET/],
    ["gateway-timeout", /504|Gateway/i],
  ] as const)("%s after the request left: one request, no retry, a typed unknown-outcome error with what is known", async (fault, why) => {
    const log = memoryLogger();
    proxy.inject("SendRawEmail", fault);
    const mail = email(["cfo@example.com", "controller@example.com"]);
    const err = await sesMailer({ ...ses, client }, log)
      .send(mail)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendOutcomeUnknownError);
    const e = err as SendOutcomeUnknownError;
    expect(e.uncertainRecipients).toEqual(["cfo@example.com", "controller@example.com"]);
    expect(e.deliveredTo).toEqual(e.uncertainRecipients);
    expect(e.confirmedTo).toEqual([]);
    expect(e.unsentRecipients).toEqual([]);
    expect(e.messageIdHeader).toBe(messageIdFor(mail));
    expect(e.message).toMatch(/no answer from SES after the request left/);
    expect(e.message).toMatch(why);
    // The emulator did get it: a retry would have been a second email.
    expect(sends()).toBe(1);
    expect(await ses.emails()).toHaveLength(1);
    expect(log.lines.some((l) => /retry \d of/.test(l))).toBe(false);
  });

  it("mid-batch: message 2 of 3 times out — message 1 confirmed, message 2 uncertain, message 3 never tried", async () => {
    const bcc = Array.from({ length: 110 }, (_, i) => `holder${i}@example.com`);
    proxy.inject("SendRawEmail", "pass", "hang");
    const progress: string[][] = [];
    const err = await sesMailer({ ...ses, client }, memoryLogger())
      .send(email(["cfo@example.com"], bcc), {
        onProgress: async (p) => {
          progress.push(p.to);
          return true;
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendOutcomeUnknownError);
    const e = err as SendOutcomeUnknownError;
    expect(e.sentMessageIds).toHaveLength(1);
    expect(e.confirmedTo).toHaveLength(50);
    expect(e.uncertainRecipients).toHaveLength(50);
    expect(e.unsentRecipients).toHaveLength(11);
    expect(e.deliveredTo).toHaveLength(100);
    expect(e.message).toMatch(/11 recipient\(s\) of later messages not tried; 1 earlier message\(s\) were sent/);
    expect(progress).toHaveLength(1);
    expect(sends()).toBe(2);
    expect(await ses.emails()).toHaveLength(2);
  });
});

describe("the client the mailer accepts", () => {
  it("refuses an SES client with the SDK's own retries (they would resend after a timeout)", async () => {
    const layered = new SESClient({ endpoint: ses.endpoint, region: LOCAL_REGION, credentials: fakeCredentials() });
    await expect(sesMailer({ ...ses, client: layered }, memoryLogger()).send(email(["cfo@example.com"]))).rejects.toThrow(
      /makes up to 3 attempts per call; build it with createSesClient/,
    );
    layered.destroy();
    expect(await ses.emails()).toHaveLength(0);
  });
});

describe("the pipeline after an unknown outcome", () => {
  /** One run of the cfo audience for a past week, as a separate process would make it (its own audit instance and out dir). */
  async function runCfo(log = memoryLogger()) {
    const out = await outDir();
    const edges: Edges = {
      ...offlineEdges(out, () => NOW),
      sources: [gitSource(noGit), metricsSource(new FileMetricsSource())],
      mailer: sesMailer({ ...ses, client }, log),
      audit: new DynamoDbAuditLog(dynamo.client, AUDIT_TABLE, () => NOW, log),
    };
    const opts: RunOptions = {
      dataDir: DATA_DIR,
      outDir: out,
      now: () => NOW,
      select: { audiences: ["cfo"], period: "2026-W40" },
      force: false,
      dryRun: false,
      env: {} as Env,
    };
    return (await run(opts, log, edges)).reports[0]!;
  }

  it("a timed-out send is not sent again by the next run", async () => {
    proxy.inject("SendRawEmail", "hang");
    const first = await runCfo();
    expect(first.status).toBe("failed");
    expect(first.error).toMatch(/no answer from SES after the request left/);
    expect(await ses.emails()).toHaveLength(1);
    const after = (await reportItems(dynamo, first.reportId)).status!;
    expect(after).toMatchObject({ status: "failed" });
    expect((after.deliveredTo as string[]).length).toBeGreaterThan(0);

    await runCfo();
    expect(await ses.emails()).toHaveLength(1);
    expect(sends()).toBe(1);
  });
});
