import { describe, expect, it } from "vitest";
import { recipientsFor } from "../../src/pipeline/recipients.js";
import { sampleInventory } from "../helpers/sample.js";

describe("recipients", () => {
  it("takes each role's lists from data/, with the sender and reply-to defaults", async () => {
    const { portfolio } = await sampleInventory();
    expect(recipientsFor("cfo", portfolio, {})).toEqual({
      from: "reports@example.com",
      to: ["cfo@example.com"],
      bcc: ["bookkeeper@example.com"],
      replyTo: "finance@example.com",
    });
  });

  it("lets the environment replace the lists, dedupes case-insensitively and drops Bcc already in To", async () => {
    const { portfolio } = await sampleInventory();
    const r = recipientsFor("ceo", portfolio, {
      SES_SENDER_EMAIL: "verified@example.com",
      RECIPIENT_EMAIL: ["a@example.com", "A@Example.com ", "b@example.com"],
      BCC_RECIPIENTS: ["b@EXAMPLE.com", "c@example.com", "c@example.com"],
      REPLY_TO_EMAIL: "ops@example.com",
    });
    expect(r).toEqual({
      from: "verified@example.com",
      to: ["a@example.com", "b@example.com"],
      bcc: ["c@example.com"],
      replyTo: "ops@example.com",
    });
  });
});
