/** Who a report goes to, with List-Unsubscribe; an empty variable never hides the env file's value. */
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Audience } from "../../src/config/audiences.js";
import { loadEnv } from "../../src/config/env.js";
import type { Portfolio } from "../../src/config/schema.js";
import { composeMime } from "../../src/delivery/mime.js";
import { envelopeFor } from "../../src/pipeline/envelope.js";

const audience: Audience = {
  id: "ops-weekly",
  label: "Ops weekly",
  role: "cto",
  scope: ["acme"],
  recipients: { to: ["lead@acme.example"], cc: ["deputy@acme.example"], bcc: ["archive@acme.example"], replyTo: "ops@acme.example" },
  cadence: "weekly",
  timeZone: "Europe/Berlin",
  send: { weekday: "monday", hour: 8 },
  format: "full",
  degraded: "send-with-banner",
  csv: false,
};
const portfolio = { delivery: { sender: "reports@acme.example", subjectPrefix: "[ops]" } } as unknown as Portfolio;

describe("envelope", () => {
  it("takes To, Cc, Bcc and Reply-To from the audience and a mailto List-Unsubscribe naming it", async () => {
    const e = envelopeFor(audience, portfolio, {});
    expect(e).toMatchObject({
      from: "reports@acme.example",
      to: ["lead@acme.example"],
      cc: ["deputy@acme.example"],
      bcc: ["archive@acme.example"],
      replyTo: "ops@acme.example",
    });
    const raw = (
      await composeMime({
        reportId: "ops-weekly.2026-W48",
        from: e.from,
        to: e.to,
        cc: e.cc,
        bcc: e.bcc,
        subject: "s",
        text: "t",
        html: "<p>h</p>",
        date: new Date(0),
        headers: e.headers,
        list: e.list,
      })
    ).toString();
    expect(raw).toMatch(/^List-Unsubscribe: <mailto:ops@acme\.example\?subject=unsubscribe%20ops-weekly>$/m);
    expect(raw).toMatch(/^List-ID: "Ops weekly" <ops-weekly\.exec-reports\.invalid>$/m);
    expect(raw).toMatch(/^Cc: deputy@acme\.example$/m);
    expect(raw).not.toMatch(/^List-Unsubscribe-Post/m);
  });

  it("adds RFC 8058 one-click when an https unsubscribe endpoint is configured", async () => {
    const e = envelopeFor(
      audience,
      { delivery: { ...portfolio.delivery, unsubscribeUrl: "https://acme.example/unsub" } } as unknown as Portfolio,
      {},
    );
    const raw = (
      await composeMime({
        reportId: "x.2026-W48",
        from: e.from,
        to: e.to,
        bcc: [],
        subject: "s",
        text: "t",
        html: "h",
        date: new Date(0),
        headers: e.headers,
        list: e.list,
      })
    ).toString();
    expect(raw).toMatch(
      /^List-Unsubscribe: <https:\/\/acme\.example\/unsub\?audience=ops-weekly>, <mailto:ops@acme\.example\?subject=unsubscribe%20ops-weekly>$/m,
    );
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
  });

  it("RECIPIENT_EMAIL replaces To for a test run and drops Cc; the subject stays one line", () => {
    const e = envelopeFor(audience, portfolio, { RECIPIENT_EMAIL: ["me@acme.example"] });
    expect(e.to).toEqual(["me@acme.example"]);
    expect(e.cc).toEqual([]);
  });
});

describe("environment precedence", () => {
  it("an empty variable means unset: the env file's value is used", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "env-"));
    const file = path.join(dir, ".env");
    await writeFile(file, "RECIPIENT_EMAIL=from-file@example.com\nAWS_REGION=eu-west-1\n");
    const env = await loadEnv(file, { RECIPIENT_EMAIL: "", AWS_REGION: "" });
    expect(env.RECIPIENT_EMAIL).toEqual(["from-file@example.com"]);
    expect(env.AWS_REGION).toBe("eu-west-1");
    // A set variable still wins over the file.
    expect((await loadEnv(file, { RECIPIENT_EMAIL: "shell@example.com" })).RECIPIENT_EMAIL).toEqual(["shell@example.com"]);
  });
});
