/** The Mailer seam: SES in production, the outbox folder offline. */

export interface InlineImage {
  cid: string;
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface OutgoingEmail {
  reportId: string;
  from: string;
  to: string[];
  cc?: string[];
  bcc: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  date: Date;
  headers?: Record<string, string>;
  /** RFC 2369 list headers: unsubscribe URLs (one header line) and the list id with a readable label. */
  list?: { unsubscribe: string[]; id: { id: string; label: string } };
  inlineImages?: InlineImage[];
}

export interface SendResult {
  /** One id per message sent (more than one when recipients were split into batches). */
  messageIds: string[];
  /** Where a human can look at what was sent. */
  location?: string;
}

/** A send that reached some recipients and not others: what did go out, so a retry can skip it. */
export class PartialDeliveryError extends Error {
  constructor(
    message: string,
    readonly sentMessageIds: string[],
    readonly deliveredTo: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface SendOptions {
  /** Recipients an earlier attempt already reached: left out of this send (compared case-insensitively). */
  skip?: string[];
  /**
   * Called after each message that another message follows, with everything this send has delivered so far,
   * so a crash between messages can be resumed. Not called for a single-message send.
   */
  onProgress?: (sent: { messageIds: string[]; to: string[] }) => Promise<boolean | undefined>;
}

export interface Mailer {
  readonly name: string;
  /** True when an accepted send reaches people (SES); false for the outbox, which only writes files. */
  readonly delivers: boolean;
  send(email: OutgoingEmail, opts?: SendOptions): Promise<SendResult>;
}

/** The email minus the recipients to skip; the To header keeps its order. */
export function withoutRecipients(email: OutgoingEmail, skip: string[] | undefined): OutgoingEmail {
  if (!skip?.length) return email;
  const gone = new Set(skip.map((a) => a.toLowerCase()));
  const keep = (xs: string[]) => xs.filter((a) => !gone.has(a.toLowerCase()));
  return { ...email, to: keep(email.to), cc: keep(email.cc ?? []), bcc: keep(email.bcc) };
}
