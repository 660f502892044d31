/** Offline mailer: writes each message as an .eml file under OUT/outbox. */
import path from "node:path";
import { writeFileAtomic } from "../fs-atomic.js";
import type { Mailer, OutgoingEmail, SendResult } from "./mailer.js";
import { composeMime, messageIdFor } from "./mime.js";

export class OutboxMailer implements Mailer {
  readonly name = "outbox";
  constructor(private readonly dir: string) {}

  async send(email: OutgoingEmail): Promise<SendResult> {
    const messageId = messageIdFor(email);
    const file = path.join(this.dir, `${email.reportId}.eml`);
    await writeFileAtomic(file, await composeMime(email, messageId));
    return { messageIds: [messageId], location: file };
  }
}
