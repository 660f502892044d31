/** Must show 3 and the SES rules: throttling retried and logged, ≤ 50 recipients a message, bad addresses and permanent errors recorded. */
import { type SESClient, SendRawEmailCommand } from "@aws-sdk/client-ses";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type LocalDynamo, type LocalSes, startDynamo, startSes } from "../../scripts/dev/aws-local.js";
import { planBatches } from "../../src/delivery/batches.js";
import type { OutgoingEmail } from "../../src/delivery/mailer.js";
import { SesSendError } from "../../src/delivery/ses.js";
import type { RunOptions } from "../../src/pipeline/run.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { AUDIT_TABLE, removeOutDirs, reportItems, runAws, sesMailer } from "./fixture.js";

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

/** The SES client, except that the first `n` SendRawEmail calls fail the way SES throttles. */
function throttledClient(real: SESClient, n: number, make: () => Error) {
  let failures = 0;
  const calls = { send: 0 };
  const client = {
    send: ((cmd: unknown, ...rest: unknown[]) => {
      if (cmd instanceof SendRawEmailCommand) {
        calls.send++;
        if (failures < n) {
          failures++;
          return Promise.reject(make());
        }
      }
      return (real.send as (...a: unknown[]) => Promise<unknown>)(cmd, ...rest);
    }) as SESClient["send"],
  };
  return { client, calls };
}

const throttling = () =>
  Object.assign(new Error("Maximum sending rate exceeded."), { name: "Throttling", $metadata: { httpStatusCode: 400 } });

const email = (to: string[], bcc: string[], extra: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  reportId: "ceo.all.2026-W48",
  from: "reports@example.com",
  to,
  bcc,
  subject: "Weekly report",
  text: "Plain text part",
  html: "<html><body><p>HTML part</p></body></html>",
  date: new Date("2026-11-25T12:00:00Z"),
  ...extra,
});

describe("SES mailer", () => {
  it("retries injected Throttling, logs each retry, and sends every audience's email exactly once", async () => {
    const log = memoryLogger();
    const { client, calls } = throttledClient(ses.client, 4, throttling);
    const { result } = await runAws(
      { ses, dynamo },
      { period: "2026-W45" },
      {
        log,
        edges: { mailer: sesMailer({ ...ses, client: client as SESClient }, log) },
      },
    );
    const n = result.reports.length;
    expect(n).toBe(6);
    expect(result.reports.map((r) => r.status)).toEqual(result.reports.map(() => "sent"));
    const emails = await ses.emails();
    expect(emails).toHaveLength(n);
    expect(new Set(emails.map((e) => e.subject)).size).toBe(n);
    expect(calls.send).toBe(n + 4);
    const retries = log.lines.filter((l) => /ses: .*Throttling: Maximum sending rate exceeded\.; retry \d of \d+ in \d+ ms/.test(l));
    expect(retries).toHaveLength(4);
  });

  it("gives up after the retry budget and the audit says failed with the error; nothing is dropped silently", async () => {
    const log = memoryLogger();
    const { client } = throttledClient(ses.client, 100, throttling);
    const { result } = await runAws(
      { ses, dynamo },
      { audiences: ["cto"], period: "2026-W44" },
      {
        log,
        edges: { mailer: sesMailer({ ...ses, client: client as SESClient }, log) },
      },
    );
    expect(result.reports[0]!.status).toBe("failed");
    expect(result.ok).toBe(false);
    const { status, logs } = await reportItems(dynamo, result.reports[0]!.reportId);
    expect(status).toMatchObject({ status: "failed" });
    expect(String(status!.error)).toMatch(/Throttling: Maximum sending rate exceeded.*not delivered to 1 recipient/);
    expect(logs.map((l) => l.status)).toEqual(["failed"]);
    expect(await ses.emails()).toHaveLength(0);
  });

  it("records a permanent rejection without retrying and with a hint", async () => {
    const log = memoryLogger();
    const { client, calls } = throttledClient(ses.client, 1, () =>
      Object.assign(new Error("Email address is not verified."), { name: "MessageRejected", $metadata: { httpStatusCode: 400 } }),
    );
    const { result } = await runAws(
      { ses, dynamo },
      { audiences: ["cmo"], period: "2026-W43" },
      {
        log,
        edges: { mailer: sesMailer({ ...ses, client: client as SESClient }, log) },
      },
    );
    expect(calls.send).toBe(1);
    const { status } = await reportItems(dynamo, result.reports[0]!.reportId);
    expect(status).toMatchObject({ status: "failed" });
    expect(String(status!.error)).toMatch(/MessageRejected: Email address is not verified.*verify the SES_SENDER_EMAIL/);
    // A failed attempt may be retried by the next run.
    const again = await runAws({ ses, dynamo }, { audiences: ["cmo"], period: "2026-W43" });
    expect(again.result.reports[0]!.status).toBe("sent");
    expect((await reportItems(dynamo, result.reports[0]!.reportId)).status).toMatchObject({ status: "sent", attempt: 2 });
  });

  it("splits 120 recipients into messages of at most 50, each delivered once with the same To header", async () => {
    const to = ["ceo@example.com", "cfo@example.com"];
    const bcc = [...Array.from({ length: 118 }, (_, i) => `member${i}@example.com`), "CEO@example.com", "member1@example.com"];
    const mailer = sesMailer(ses, memoryLogger(), { configurationSet: "exec-reports-events" });
    const sent = await mailer.send(email(to, bcc));
    expect(sent.messageIds).toHaveLength(3);
    const stored = await ses.emails();
    expect(stored).toHaveLength(3);
    const delivered = stored.flatMap((e) => [...(e.destination.bcc[0]?.split(/,\s*/) ?? [])]);
    expect(
      stored.every((e) => e.destination.to.join(",").includes("ceo@example.com") && e.destination.to.join(",").includes("cfo@example.com")),
    ).toBe(true);
    expect(delivered).toHaveLength(118);
    expect(new Set(delivered).size).toBe(118);
    for (const b of planBatches(to, bcc.slice(0, 118))) expect(b.destinations.length).toBeLessThanOrEqual(50);
  });

  it("a send that fails after its first message: the audit keeps who got it, and the rerun sends only to the others", async () => {
    const bcc = Array.from({ length: 110 }, (_, i) => `holder${i}@example.com`);
    const env = { RECIPIENT_EMAIL: ["cfo@example.com"], BCC_RECIPIENTS: bcc } as unknown as RunOptions["env"];
    // Message 1 goes out; message 2 is rejected for good (no retry), so message 3 is never tried.
    let calls = 0;
    const real = ses.client;
    const flaky = {
      send: ((cmd: unknown, ...rest: unknown[]) => {
        if (cmd instanceof SendRawEmailCommand && ++calls === 2)
          return Promise.reject(
            Object.assign(new Error("Sending paused."), { name: "AccountSendingPausedException", $metadata: { httpStatusCode: 400 } }),
          );
        return (real.send as (...a: unknown[]) => Promise<unknown>)(cmd, ...rest);
      }) as SESClient["send"],
    };
    const log = memoryLogger();
    const first = await runAws(
      { ses, dynamo },
      { audiences: ["cfo"], period: "2026-W42" },
      {
        log,
        edges: { mailer: sesMailer({ ...ses, client: flaky as SESClient }, log) },
        opts: { env },
      },
    );
    expect(first.result.reports[0]!.status).toBe("failed");
    const id = first.result.reports[0]!.reportId;
    const after1 = (await reportItems(dynamo, id)).status!;
    expect(after1).toMatchObject({ status: "failed", attempt: 1 });
    expect(after1.messageIds).toHaveLength(1);
    expect(after1.deliveredTo).toHaveLength(50);
    expect(await ses.emails()).toHaveLength(1);

    const second = await runAws({ ses, dynamo }, { audiences: ["cfo"], period: "2026-W42" }, { opts: { env } });
    expect(second.result.reports[0]!.status).toBe("sent");
    expect(second.log.lines).toContain(
      `info: cfo.2026-W42: resuming: 50 recipient(s) already have it (${(after1.messageIds as string[])[0]})`,
    );
    const stored = await ses.emails();
    expect(stored).toHaveLength(3);
    // Every recipient exactly once over both attempts; every message shows the same To.
    const reached = stored.flatMap((e) => [
      ...e.destination.to.filter(() => e === stored[0]),
      ...(e.destination.bcc[0]?.split(/,\s*/) ?? []),
    ]);
    expect(reached.sort()).toEqual(["cfo@example.com", ...bcc].sort());
    expect(stored.every((e) => e.destination.to.join(",") === "cfo@example.com")).toBe(true);
    const final = (await reportItems(dynamo, id)).status!;
    expect(final).toMatchObject({ status: "sent", attempt: 2 });
    expect(final.messageIds).toHaveLength(3);
    expect(final.deliveredTo).toHaveLength(111);

    // A third run: already sent, nothing goes out; --force sends to everyone again.
    expect((await runAws({ ses, dynamo }, { audiences: ["cfo"], period: "2026-W42" }, { opts: { env } })).result.reports[0]!.status).toBe(
      "skipped",
    );
    await ses.clear();
    expect(
      (await runAws({ ses, dynamo }, { audiences: ["cfo"], period: "2026-W42" }, { opts: { env, force: true } })).result.reports[0]!.status,
    ).toBe("sent");
    expect(await ses.emails()).toHaveLength(3);
  });

  it("refuses an invalid address before calling SES (one bad address rejects the whole message)", async () => {
    const { client, calls } = throttledClient(ses.client, 0, throttling);
    const mailer = sesMailer({ ...ses, client: client as SESClient }, memoryLogger());
    await expect(mailer.send(email(["ceo@example.com", "bob@"], []))).rejects.toThrow(SesSendError);
    await expect(mailer.send(email(["ceo@example.com", "bob@"], []))).rejects.toThrow(/invalid address "bob@"/);
    expect(calls.send).toBe(0);
  });
});

describe("batch planning", () => {
  it("puts To in the first message and Bcc-only batches after it", () => {
    const to = Array.from({ length: 3 }, (_, i) => `t${i}@example.com`);
    const bcc = Array.from({ length: 100 }, (_, i) => `b${i}@example.com`);
    const b = planBatches(to, bcc);
    expect(b.map((x) => x.destinations.length)).toEqual([50, 50, 3]);
    expect(b.every((x) => x.toHeader.join() === to.join())).toBe(true);
    expect(b.flatMap((x) => x.destinations).sort()).toEqual([...to, ...bcc].sort());
  });
});
