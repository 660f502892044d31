/** The Redactor: every known secret, in every common encoding, gone from strings, objects and errors. */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { REDACTED, Redactor } from "../../src/shared/redact.js";

const token = () => `ghp_${randomBytes(18).toString("hex")}`;

describe("Redactor", () => {
  it("replaces a token raw, URL-, JSON-, HTML- and base64-encoded, and cut short", () => {
    const t = token();
    const r = new Redactor().add(t);
    const forms = [
      `Bad credentials (you sent: token ${t})`,
      `https://x.example/?t=${encodeURIComponent(`${t}&`)}`,
      JSON.stringify({ auth: `"${t}"` }),
      `<p>${t}</p>`,
      `Authorization: Basic ${Buffer.from(`x-access-token:${t}`).toString("base64")}`,
      `b64 ${Buffer.from(t).toString("base64")}`,
      `truncated: ${t.slice(0, 20)}…`,
    ];
    for (const f of forms) {
      const out = r.redact(f);
      expect(out, f).toContain(REDACTED);
      expect(out).not.toContain(t.slice(4, 20));
    }
  });

  it("takes secrets from the environment by name and ignores short or ordinary values", () => {
    const t = token();
    const hook = `https://hooks.slack.example/services/T000/B000/${randomBytes(12).toString("hex")}`;
    const r = new Redactor().addFromEnv({ GITHUB_TOKEN: t, SLACK_WEBHOOK_URL: hook, AWS_REGION: "us-east-1", SOME_KEY: "short" });
    expect(r.redact(`${t} ${hook} us-east-1 short`)).toBe(`${REDACTED} ${REDACTED} us-east-1 short`);
    // The webhook's path alone (printed without scheme and host) is caught too.
    expect(r.redact(`posting to ${new URL(hook).pathname}`)).toBe(`posting to ${REDACTED}`);
  });

  it("redacts deep copies of objects, keys included, and errors without losing status", () => {
    const t = token();
    const r = new Redactor().add(t);
    const input = { a: [`x ${t}`], [t]: 1, n: 5, d: new Date(0), nested: { s: t } };
    const out = r.redactDeep(input);
    expect(JSON.stringify(out)).not.toContain(t);
    expect(out.n).toBe(5);
    expect(input.a[0]).toContain(t);
    const e = Object.assign(new Error(`Bad credentials ${t}`), { status: 401 });
    const clean = r.redactError(e) as Error & { status: number };
    expect(clean.message).toBe(`Bad credentials ${REDACTED}`);
    expect(clean.stack).not.toContain(t);
    expect(clean.status).toBe(401);
  });
});
