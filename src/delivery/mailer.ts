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
  /** Files attached to the message (the report's tables as CSV). */
  attachments?: { filename: string; content: string; contentType: string }[];
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

/**
 * A message left and no answer came back (a timeout or connection reset after the request was written, a gateway
 * timeout): it may have been delivered. The mailer never retries it, so a timeout never becomes a second email.
 * `deliveredTo` holds everyone who has or may have the report (the confirmed and the uncertain), so a resumed send
 * skips them all; `uncertainRecipients` and `messageIdHeader` say which message it was, for the claim logic and
 * for whoever checks the provider's logs.
 */
export class SendOutcomeUnknownError extends PartialDeliveryError {
  override name = "SendOutcomeUnknownError";
  constructor(
    message: string,
    sentMessageIds: string[],
    readonly confirmedTo: string[],
    readonly uncertainRecipients: string[],
    /** Recipients of later messages, never tried. */
    readonly unsentRecipients: string[],
    /** The RFC 5322 Message-ID of the message whose outcome is unknown. */
    readonly messageIdHeader: string,
    options?: { cause?: unknown },
  ) {
    super(message, sentMessageIds, [...confirmedTo, ...uncertainRecipients], options);
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
