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
  bcc: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  date: Date;
  headers?: Record<string, string>;
  inlineImages?: InlineImage[];
}

export interface SendResult {
  /** One id per message sent (more than one when recipients were split into batches). */
  messageIds: string[];
  /** Where a human can look at what was sent. */
  location?: string;
}

export interface Mailer {
  readonly name: string;
  send(email: OutgoingEmail): Promise<SendResult>;
}
