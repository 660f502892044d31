/** Sending is paced to GetSendQuota's MaxSendRate (SES counts recipients), with an injected clock: no real waiting. */
import { GetSendQuotaCommand, SESClient, SendRawEmailCommand } from "@aws-sdk/client-ses";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { fakeCredentials } from "../../scripts/dev/aws-local.js";
import { Pacer } from "../../src/delivery/pacing.js";
import { FALLBACK_SEND_RATE, SesMailer } from "../../src/delivery/ses.js";
import { createSesClient } from "../../src/delivery/ses-client.js";
import { memoryLogger } from "../../src/shared/logger.js";

function fakeTime() {
  let now = 0;
  /** When each waiting send may go, on the fake clock. */
  const until: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      until.push(now + ms);
      now += ms;
    },
    until,
  };
}

afterEach(() => {
  mockClient(SESClient).restore();
});

describe("pacing", () => {
  it("spaces concurrent callers by units ÷ rate", async () => {
    const t = fakeTime();
    const p = new Pacer(async () => 100, t.clock, t.sleep);
    await Promise.all([p.acquire(50), p.acquire(50), p.acquire(10)]);
    expect(t.until).toEqual([500, 1000]);
  });

  it("reads MaxSendRate once from GetSendQuota and paces messages by recipient count", async () => {
    const mock = mockClient(SESClient);
    mock.on(GetSendQuotaCommand).resolves({ MaxSendRate: 2, Max24HourSend: 200, SentLast24Hours: 0 });
    let n = 0;
    mock.on(SendRawEmailCommand).callsFake(async () => ({ MessageId: `m-${++n}` }));
    const t = fakeTime();
    const log = memoryLogger();
    const mailer = new SesMailer({
      client: createSesClient({ region: "us-east-1", credentials: fakeCredentials() }),
      log,
      clock: t.clock,
      sleep: t.sleep,
      configurationSet: "exec-events",
    });
    const mail = (id: string, to: string[]) => ({
      reportId: id,
      from: "reports@example.com",
      to,
      bcc: [],
      subject: "s",
      text: "t",
      html: "<p>h</p>",
      date: new Date(0),
    });
    await mailer.send(mail("a", ["a@example.com", "b@example.com"]));
    await mailer.send(mail("b", ["c@example.com"]));
    await mailer.send(mail("c", ["d@example.com"]));
    expect(mock.commandCalls(GetSendQuotaCommand)).toHaveLength(1);
    expect(mock.commandCalls(SendRawEmailCommand)).toHaveLength(3);
    expect(mock.commandCalls(SendRawEmailCommand)[0]!.args[0].input).toMatchObject({
      Source: "reports@example.com",
      Destinations: ["a@example.com", "b@example.com"],
      ConfigurationSetName: "exec-events",
    });
    // 2 recipients at 2/s hold the next send 1 s; 1 recipient 0.5 s more.
    expect(t.until).toEqual([1000, 1500]);
    expect(log.lines.join("\n")).toMatch(/pacing to MaxSendRate 2\/s/);
  });

  it("falls back to the sandbox rate when GetSendQuota is denied, and says which permission to grant", async () => {
    const mock = mockClient(SESClient);
    mock.on(GetSendQuotaCommand).rejects(Object.assign(new Error("not authorized"), { name: "AccessDenied" }));
    const log = memoryLogger();
    const mailer = new SesMailer({ client: createSesClient({ region: "us-east-1", credentials: fakeCredentials() }), log });
    expect(await mailer.sendRate()).toBe(FALLBACK_SEND_RATE);
    expect(log.lines.join("\n")).toMatch(/GetSendQuota failed \(AccessDenied: not authorized\); pacing to 1\/s — grant ses:GetSendQuota/);
  });
});
