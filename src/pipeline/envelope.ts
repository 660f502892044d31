/** Who a report goes to and from, with the headers a bulk sender owes its readers (List-Unsubscribe). */
import type { Audience } from "../config/audiences.js";
import type { Env } from "../config/env.js";
import type { Portfolio } from "../config/schema.js";
import { dedupeAddresses } from "../delivery/addresses.js";
import type { OutgoingEmail } from "../delivery/mailer.js";

export interface Envelope {
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo?: string;
  headers: Record<string, string>;
  list: NonNullable<OutgoingEmail["list"]>;
}

/**
 * The audience's recipients. RECIPIENT_EMAIL / BCC_RECIPIENTS, when set, replace To / Bcc for every audience
 * of the run (a test run to yourself); SES_SENDER_EMAIL replaces the sender.
 */
export function envelopeFor(a: Audience, portfolio: Portfolio, env: Env): Envelope {
  const to = dedupeAddresses(env.RECIPIENT_EMAIL ?? a.recipients.to);
  const cc = env.RECIPIENT_EMAIL ? [] : dedupeAddresses(a.recipients.cc, to);
  const bcc = dedupeAddresses(env.BCC_RECIPIENTS ?? a.recipients.bcc, [...to, ...cc]);
  const replyTo = env.REPLY_TO_EMAIL ?? a.recipients.replyTo ?? portfolio.delivery.replyTo;
  const from = env.SES_SENDER_EMAIL ?? portfolio.delivery.sender;
  const { headers, list } = unsubscribe(a, replyTo ?? from, portfolio.delivery.unsubscribeUrl);
  return { from, to, cc, bcc, ...(replyTo ? { replyTo } : {}), headers, list };
}

/**
 * RFC 2369 List-Unsubscribe: a mailto to the reply-to, naming the audience; with an https endpoint also the
 * RFC 8058 one-click form (List-Unsubscribe-Post), which needs that https URL.
 */
export function unsubscribe(a: Pick<Audience, "id" | "label">, mailbox: string, url?: string): Pick<Envelope, "headers" | "list"> {
  const mailto = `mailto:${mailbox}?subject=${encodeURIComponent(`unsubscribe ${a.id}`)}`;
  const id = { id: `${a.id}.exec-reports.invalid`, label: a.label };
  if (!url) return { headers: {}, list: { unsubscribe: [mailto], id } };
  const u = new URL(url);
  u.searchParams.set("audience", a.id);
  return { headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }, list: { unsubscribe: [u.href, mailto], id } };
}
