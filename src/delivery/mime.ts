/** RFC 5322 multipart/alternative messages built with nodemailer's MIME composer. */
import { createHash } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { OutgoingEmail } from "./mailer.js";

/** A Message-ID that is stable for a report id and its content. */
export function messageIdFor(email: OutgoingEmail): string {
  const h = createHash("sha256").update(email.reportId).update(email.html).digest("hex").slice(0, 16);
  const domain = email.from.split("@")[1] ?? "exec-reports.invalid";
  return `<${email.reportId}.${h}@${domain}>`;
}

/** Builds the raw message bytes (text + HTML alternatives, inline images related to the HTML). */
export async function composeMime(email: OutgoingEmail, messageId = messageIdFor(email), o: { keepBcc?: boolean } = {}): Promise<Buffer> {
  // The outbox keeps Bcc so a reader can see who would receive it; a sent message never carries it (SES delivers to
  // the envelope's Destinations, and a Bcc header must not reach anyone's mailbox).
  const keepBcc = o.keepBcc ?? false;
  const composer = new MailComposer({
    from: email.from,
    to: email.to,
    cc: email.cc ?? [],
    bcc: email.bcc,
    replyTo: email.replyTo,
    subject: email.subject,
    text: email.text,
    html: email.html,
    date: email.date,
    messageId,
    headers: { "X-Exec-Report-Id": email.reportId, ...listHeaders(email.list), ...email.headers },
    attachments: [
      ...(email.inlineImages ?? []).map((i) => ({
        cid: i.cid,
        filename: i.filename,
        content: i.content,
        contentType: i.contentType,
        contentDisposition: "inline" as const,
      })),
      ...(email.attachments ?? []).map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    ],
    keepBcc,
  } as ConstructorParameters<typeof MailComposer>[0] & { keepBcc: boolean });
  const node = composer.compile();
  (node as unknown as { keepBcc: boolean }).keepBcc = keepBcc;
  return node.build();
}

/**
 * RFC 2369 / RFC 2919 list headers. MailComposer takes headers as given (the `list` shorthand belongs to
 * nodemailer's transport layer), so they are written here: every URL in <…> on one List-Unsubscribe line.
 */
export function listHeaders(list: OutgoingEmail["list"]): Record<string, { prepared: true; value: string }> {
  if (!list) return {};
  // A phrase in List-Id stays printable ASCII with no quotes, so no header encoding is needed.
  const label = list.id.label
    .replace(/[^\x20-\x7e]/g, " ")
    .replace(/["\\]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  // `prepared`: written as given (ASCII by construction), not MIME-encoded, which mail clients would not parse.
  return {
    "List-Unsubscribe": { prepared: true, value: list.unsubscribe.map((u) => `<${u}>`).join(", ") },
    "List-Id": { prepared: true, value: `${label ? `"${label}" ` : ""}<${list.id.id}>` },
  };
}
