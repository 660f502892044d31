/** Offline mailer: writes each message as an .eml file under OUT/outbox. */
import path from "node:path";
import { writeFileAtomic } from "../shared/fs-atomic.js";
import { type Mailer, type OutgoingEmail, type SendOptions, type SendResult, withoutRecipients } from "./mailer.js";
import { composeMime, messageIdFor } from "./mime.js";

export class OutboxMailer implements Mailer {
  readonly name = "outbox";
  readonly delivers = false;
  constructor(private readonly dir: string) {}

  async send(original: OutgoingEmail, opts: SendOptions = {}): Promise<SendResult> {
    const email = withoutRecipients(original, opts.skip);
    if (opts.skip?.length && email.to.length + (email.cc ?? []).length + email.bcc.length === 0) return { messageIds: [] };
    const messageId = messageIdFor(email);
    const file = path.join(this.dir, `${email.reportId}.eml`);
    await writeFileAtomic(file, await composeMime(email, messageId, { keepBcc: true }));
    return { messageIds: [messageId], location: file };
  }
}
