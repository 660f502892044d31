/** A multi-message SES send stops once its progress write finds the claim taken over by another run. */
import { describe, expect, it } from "vitest";
import { CLAIM_TIMEOUT_MS } from "../../src/audit/audit-log.js";
import { FileAuditLog } from "../../src/audit/file.js";
import { SesMailer } from "../../src/delivery/ses.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { tempDir } from "../helpers/cli.js";

const ID = "cfo.all.2026-W48";
const T0 = Date.parse("2026-11-25T12:00:00Z");
const claim = { reportId: ID, role: "cfo" as const, period: "2026-W48", scope: "all", startedAt: new Date(T0).toISOString(), force: false };

describe("takeover during a multi-message send", () => {
  it("run A stops sending once its progress write finds the claim taken over", async () => {
    const dir = await tempDir();
    let now = T0;
    const clock = () => new Date(now);
    const to = ["cfo@example.com"];
    const bcc = Array.from({ length: 149 }, (_, i) => `r${i}@example.com`); // 150 destinations: 3 messages of 50
    const deliveries = new Map<string, number>();
    let stalled = false;
    let onSend: (() => Promise<void>) | undefined;
    const client = {
      send: async (cmd: { input: { Destinations: string[] } }) => {
        for (const d of cmd.input.Destinations) deliveries.set(d, (deliveries.get(d) ?? 0) + 1);
        const hook = onSend;
        onSend = undefined;
        await hook?.();
        return { MessageId: `m${deliveries.size}-${Math.random()}` };
      },
    };
    const email = { reportId: ID, from: "reports@example.com", to, bcc, subject: "s", text: "t", html: "<p>t</p>", date: new Date(T0) };
    const a = new FileAuditLog(dir, clock);
    const b = new FileAuditLog(dir, clock);
    const mailerA = new SesMailer({ client: client as never, log: memoryLogger(), maxSendRate: 1e6 });
    const mailerB = new SesMailer({ client: client as never, log: memoryLogger(), maxSendRate: 1e6 });
    expect((await a.claim(claim)).claimed).toBe(true);
    expect(await a.renew(ID)).toBe(true);
    let calls = 0;
    const sendA = mailerA.send(email, {
      onProgress: async (sent) => {
        calls++;
        if (calls === 1) {
          // After message 1 is recorded, message 2 stalls (SDK request with no timeout, VM paused, laptop asleep...)
          // for longer than the claim timeout; run B takes the claim over and sends to everyone not yet reached.
          onSend = async () => {
            stalled = true;
            now += CLAIM_TIMEOUT_MS + 60_000;
            const got = await b.claim(claim);
            expect(got).toMatchObject({ claimed: true, delivered: { to: expect.arrayContaining(["cfo@example.com"]) } });
            if (got.claimed) await mailerB.send(email, { skip: got.delivered?.to, onProgress: (s) => b.progress(ID, s) });
          };
        }
        return a.progress(ID, sent); // as run.ts wires it; on main this resolves to undefined even when the claim is gone
      },
    });
    await sendA.catch(() => undefined);
    expect(stalled).toBe(true);
    // Message 2 went to its 50 recipients twice (inherent to a lease without fencing), but message 3 was sent by A
    // after A's progress() had already found the claim gone.
    const twice = [...deliveries].filter(([, n]) => n > 1).length;
    expect(twice).toBeLessThanOrEqual(50);
  });
});
