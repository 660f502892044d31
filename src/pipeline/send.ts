/** The send stage: the rendered report to the audience's recipients, resuming whoever an earlier attempt missed. */
import type { Report } from "../analyse/report.js";
import type { AuditLog, Delivered } from "../audit/audit-log.js";
import type { Mailer, SendOptions } from "../delivery/mailer.js";
import { PartialDeliveryError } from "../delivery/mailer.js";
import type { Rendered } from "../render/render.js";
import type { Logger } from "../shared/logger.js";
import type { Envelope } from "./envelope.js";

export interface SendStageOptions {
  mailer: Mailer;
  audit: AuditLog;
  log: Logger;
  envelope: Envelope;
  subject: string;
  attachments?: { filename: string; content: string; contentType: string }[];
  /** Recipients an earlier, failed attempt already reached. */
  prior?: Delivered;
  date: Date;
}

export interface SendOutcome {
  /** Everyone reached over every attempt, with every message id. */
  reached: Delivered;
  location?: string;
}

/** Who has the report so far, counting earlier attempts: kept when a send fails part-way so the retry skips them. */
export function reachedSoFar(prior: Delivered | undefined, more: { to: string[]; messageIds: string[] }): Delivered {
  return { to: [...(prior?.to ?? []), ...more.to], messageIds: [...(prior?.messageIds ?? []), ...more.messageIds] };
}

/** Sends; a PartialDeliveryError is rethrown with everyone reached so far, so the failure record keeps them. */
export async function sendReport(report: Report, rendered: Rendered, o: SendStageOptions): Promise<SendOutcome> {
  const { envelope: env, prior } = o;
  if (prior) o.log.info(`${report.id}: resuming: ${prior.to.length} recipient(s) already have it (${prior.messageIds.join(", ")})`);
  const opts: SendOptions = { skip: prior?.to, onProgress: (sent) => o.audit.progress(report.id, reachedSoFar(prior, sent)) };
  try {
    const sent = await o.mailer.send(
      {
        reportId: report.id,
        from: env.from,
        to: env.to,
        cc: env.cc,
        bcc: env.bcc,
        ...(env.replyTo ? { replyTo: env.replyTo } : {}),
        subject: o.subject,
        text: rendered.text,
        html: rendered.html,
        date: o.date,
        headers: env.headers,
        list: env.list,
        ...(o.attachments?.length ? { attachments: o.attachments } : {}),
      },
      opts,
    );
    return {
      reached: reachedSoFar(prior, { to: [...env.to, ...env.cc, ...env.bcc], messageIds: sent.messageIds }),
      ...(sent.location ? { location: sent.location } : {}),
    };
  } catch (e) {
    if (e instanceof PartialDeliveryError)
      throw new DeliveryFailed(e.message, reachedSoFar(prior, { to: e.deliveredTo, messageIds: e.sentMessageIds }), e);
    throw new DeliveryFailed(e instanceof Error ? e.message : String(e), prior, e);
  }
}

/** A send that failed, with who had the report by then (over every attempt). */
export class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly reached: Delivered | undefined,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}
