import { describe, expect, it } from "vitest";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { loadAudiences } from "../../src/config/audiences.js";
import { envelopeFor } from "../../src/pipeline/envelope.js";
import { DATA_DIR, sampleInventory } from "../helpers/sample.js";

async function audience(id: string) {
  const { portfolio } = await sampleInventory();
  const all = await loadAudiences(DATA_DIR, { roles: builtinRoles.ids, roleLabel: (r) => builtinRoles.label(r), portfolio });
  return { portfolio, a: all.find((x) => x.id === id)! };
}

describe("recipients", () => {
  it("takes each audience's lists from data/audiences.yaml, with the sender and reply-to defaults", async () => {
    const { portfolio, a } = await audience("cfo");
    expect(envelopeFor(a, portfolio, {})).toMatchObject({
      from: "reports@example.com",
      to: ["cfo@example.com"],
      cc: [],
      bcc: ["bookkeeper@example.com"],
      replyTo: "finance@example.com",
    });
    const accounting = await audience("accounting");
    expect(envelopeFor(accounting.a, portfolio, {})).toMatchObject({
      to: ["bookkeeper@example.com"],
      cc: ["cfo@example.com"],
      replyTo: "finance@example.com",
    });
  });

  it("lets the environment replace the lists, dedupes case-insensitively and drops Bcc already in To", async () => {
    const { portfolio, a } = await audience("ceo");
    const r = envelopeFor(a, portfolio, {
      SES_SENDER_EMAIL: "verified@example.com",
      RECIPIENT_EMAIL: ["a@example.com", "A@Example.com ", "b@example.com"],
      BCC_RECIPIENTS: ["b@EXAMPLE.com", "c@example.com", "c@example.com"],
      REPLY_TO_EMAIL: "ops@example.com",
    });
    expect(r).toMatchObject({
      from: "verified@example.com",
      to: ["a@example.com", "b@example.com"],
      cc: [],
      bcc: ["c@example.com"],
      replyTo: "ops@example.com",
    });
  });
});
