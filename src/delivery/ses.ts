/**
 * SES mailer (v1 API): SendRawEmail with the composed MIME, ≤ 50 recipients a message, paced to GetSendQuota,
 * retried on throttling and on answers that say nothing was sent, never after a request left unanswered.
 */
import { GetSendQuotaCommand, type SESClient, SendRawEmailCommand } from "@aws-sdk/client-ses";
import type { Logger } from "../shared/logger.js";
import { describeError, isTransient, outcomeUnknown, type RetryOptions, sleep as realSleep, withRetry } from "../shared/retry.js";
import { dedupeAddresses, invalidAddresses } from "./addresses.js";
import { planBatches, SES_MAX_RECIPIENTS } from "./batches.js";
import {
  type Mailer,
  type OutgoingEmail,
  PartialDeliveryError,
  type SendOptions,
  SendOutcomeUnknownError,
  type SendResult,
} from "./mailer.js";
import { composeMime, messageIdFor } from "./mime.js";
import { Pacer } from "./pacing.js";
import { sdkAttempts } from "./ses-client.js";

/** The sandbox rate; used when GetSendQuota cannot be read. */
export const FALLBACK_SEND_RATE = 1;
const QUOTA_TIMEOUT_MS = 3000;

export interface SesMailerOptions {
  /** Built by `createSesClient` (the SDK makes one attempt per call: this mailer's retry is the only layer). */
  client: Pick<SESClient, "send">;
  log: Logger;
  configurationSet?: string;
  /** Skips GetSendQuota (e.g. against an emulator that does not implement it). */
  maxSendRate?: number;
  retry?: Partial<RetryOptions>;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
  /** Where a human can see what was sent, e.g. the emulator's web viewer or the SES console. */
  location?: string;
}

/**
 * Sending failed for some recipients; `sentMessageIds` lists the messages that did go out and `deliveredTo` their
 * recipients, so nothing is lost silently and a retry can skip them.
 */
export class SesSendError extends PartialDeliveryError {
  override name = "SesSendError";
  constructor(
    message: string,
    sentMessageIds: string[],
    readonly unsentRecipients: string[],
    override readonly cause?: unknown,
    deliveredTo: string[] = [],
  ) {
    super(message, sentMessageIds, deliveredTo);
  }
}

const PERMANENT_HINTS: Record<string, string> = {
  MessageRejected: "SES rejected the message — verify the SES_SENDER_EMAIL identity (and, in the SES sandbox, every recipient)",
  MailFromDomainNotVerifiedException: "the MAIL FROM domain of SES_SENDER_EMAIL is not verified in SES",
  ConfigurationSetDoesNotExistException: "SES_CONFIGURATION_SET names a configuration set that does not exist in this region",
  AccountSendingPausedException: "sending is paused for this SES account — see the SES console's reputation dashboard",
  AccessDeniedException: "the AWS role lacks ses:SendRawEmail for this sender — check the IAM policy's ses:FromAddress condition",
  AccessDenied: "the AWS role lacks ses:SendRawEmail for this sender — check the IAM policy's ses:FromAddress condition",
};

export class SesMailer implements Mailer {
  readonly name = "ses";
  readonly delivers = true;
  private readonly pacer: Pacer;
  private rate: Promise<number> | undefined;
  private oneLayer: Promise<void> | undefined;

  constructor(private readonly o: SesMailerOptions) {
    this.pacer = new Pacer(() => this.sendRate(), o.clock, o.sleep);
  }

  /** MaxSendRate from GetSendQuota, read once per mailer. */
  sendRate(): Promise<number> {
    if (this.o.maxSendRate) return Promise.resolve(this.o.maxSendRate);
    // A read: retried on any transient failure (a timeout included), within the same small budget.
    this.rate ??= withRetry(() => this.o.client.send(new GetSendQuotaCommand({}), { abortSignal: AbortSignal.timeout(QUOTA_TIMEOUT_MS) }), {
      maxAttempts: 3,
      baseDelayMs: 200,
      maxDelayMs: 1000,
      sleep: this.o.sleep ?? realSleep,
    })
      .then((q) => {
        const r = q.MaxSendRate && q.MaxSendRate > 0 ? q.MaxSendRate : FALLBACK_SEND_RATE;
        this.o.log.info(
          `ses: pacing to MaxSendRate ${r}/s (sent ${q.SentLast24Hours ?? "?"} of ${q.Max24HourSend ?? "?"} in the last 24 h)`,
        );
        return r;
      })
      .catch((e) => {
        this.o.log.warn(
          `ses: GetSendQuota failed (${describeError(e)}); pacing to ${FALLBACK_SEND_RATE}/s — grant ses:GetSendQuota to use the account's rate`,
        );
        return FALLBACK_SEND_RATE;
      });
    return this.rate;
  }

  /** Refuses a client that retries on its own: its retries would resend after a timeout and multiply ours. */
  private checkOneLayer(): Promise<void> {
    this.oneLayer ??= sdkAttempts(this.o.client).then((n) => {
      if (n !== undefined && n > 1)
        throw new Error(
          `ses: the SES client makes up to ${n} attempts per call; build it with createSesClient() (maxAttempts: 1) so this mailer's retry is the only one and a timed-out send is never repeated`,
        );
    });
    return this.oneLayer;
  }

  async send(email: OutgoingEmail, opts: SendOptions = {}): Promise<SendResult> {
    await this.checkOneLayer();
    const bad = invalidAddresses([email.from, ...email.to, ...(email.cc ?? []), ...email.bcc, ...(email.replyTo ? [email.replyTo] : [])]);
    if (bad.length)
      throw new SesSendError(
        `${email.reportId}: not sent — invalid address ${bad.map((b) => JSON.stringify(b)).join(", ")} (SES rejects the whole message); fix data/portfolio.yaml recipients or RECIPIENT_EMAIL/BCC_RECIPIENTS`,
        [],
        [...email.to, ...email.bcc],
      );
    const to = dedupeAddresses(email.to);
    const cc = dedupeAddresses(email.cc ?? [], to);
    const bcc = dedupeAddresses(email.bcc, [...to, ...cc]);
    if (to.length + cc.length + bcc.length === 0) throw new SesSendError(`${email.reportId}: not sent — no recipients`, [], []);

    // A resumed send keeps the message as planned (same To header, same Message-IDs) and delivers only to
    // the recipients an earlier attempt did not reach.
    const skip = new Set((opts.skip ?? []).map((a) => a.toLowerCase()));
    const keep = (a: string) => !skip.has(a.toLowerCase());
    const planned = planBatches(to, bcc, SES_MAX_RECIPIENTS, cc);
    const batches = planned
      .map((b, index) => ({ ...b, index, bccHeader: b.bccHeader.filter(keep), destinations: b.destinations.filter(keep) }))
      .filter((b) => b.destinations.length > 0);
    if (skip.size)
      this.o.log.info(
        `ses: ${email.reportId}: ${planned.reduce((a, b) => a + b.destinations.length, 0) - batches.reduce((a, b) => a + b.destinations.length, 0)} recipient(s) already have it; sending ${batches.length} of ${planned.length} message(s)`,
      );
    const ids: string[] = [];
    const delivered: string[] = [];
    for (const [i, b] of batches.entries()) {
      const label = `${email.reportId} message ${b.index + 1}/${planned.length}`;
      const part: OutgoingEmail = { ...email, to: b.toHeader, cc: b.ccHeader, bcc: b.bccHeader };
      const messageId = planned.length > 1 ? messageIdFor({ ...part, reportId: `${email.reportId}.${b.index + 1}` }) : messageIdFor(part);
      try {
        const raw = await composeMime(part, messageId);
        await this.pacer.acquire(b.destinations.length);
        const out = await withRetry(
          () =>
            this.o.client.send(
              new SendRawEmailCommand({
                RawMessage: { Data: raw },
                Source: email.from,
                Destinations: b.destinations,
                ...(this.o.configurationSet ? { ConfigurationSetName: this.o.configurationSet } : {}),
              }),
            ),
          {
            maxAttempts: 6,
            baseDelayMs: 500,
            maxDelayMs: 20_000,
            sleep: this.o.sleep ?? realSleep,
            ...this.o.retry,
            // Only answers that say SES did not take the message; a request that left unanswered may have been delivered.
            retryable: (e) => isTransient(e) && !outcomeUnknown(e),
            onRetry: ({ attempt, maxAttempts, delayMs, error }) =>
              this.o.log.warn(`ses: ${label}: ${describeError(error)}; retry ${attempt} of ${maxAttempts - 1} in ${delayMs} ms`),
          },
        );
        if (!out.MessageId) throw new Error("SES answered without a MessageId");
        ids.push(out.MessageId);
        delivered.push(...b.destinations);
      } catch (e) {
        const unsent = batches.slice(i + 1).flatMap((x) => x.destinations);
        if (outcomeUnknown(e)) throw unknownOutcome(label, e, messageId, b.destinations, unsent, ids, delivered);
        const name = (e as { name?: string }).name ?? "";
        const hint = PERMANENT_HINTS[name];
        const notSent = [...b.destinations, ...unsent];
        throw new SesSendError(
          `${label}: ${describeError(e)}${hint ? ` — ${hint}` : ""}; not delivered to ${notSent.length} recipient(s)${sentNote(ids)}`,
          ids,
          notSent,
          e,
          delivered,
        );
      }
      // Outside the try: a failure to record progress is not a failure to send this message.
      if (i < batches.length - 1 && opts.onProgress) {
        let held: boolean | undefined = true;
        try {
          held = await opts.onProgress({ messageIds: [...ids], to: [...delivered] });
        } catch (e) {
          this.o.log.warn(
            `ses: ${email.reportId}: progress after message ${b.index + 1} not recorded (${describeError(e)}); a crash now would resend it`,
          );
        }
        if (held === false)
          throw new SesSendError(
            `${email.reportId}: another run took the claim over; stopped after message ${b.index + 1}/${planned.length}`,
            ids,
            batches.slice(i + 1).flatMap((x) => x.destinations),
            undefined,
            delivered,
          );
      }
    }
    this.o.log.info(`ses: ${email.reportId} sent as ${ids.length} message(s) to ${delivered.length} recipient(s)`);
    return { messageIds: ids, ...(this.o.location ? { location: this.o.location } : {}) };
  }
}

const sentNote = (ids: string[]) => (ids.length ? `; ${ids.length} earlier message(s) were sent (${ids.join(", ")})` : "");

/** The typed error for a message that left without an answer: what is known, and no retry. */
function unknownOutcome(
  label: string,
  e: unknown,
  messageId: string,
  uncertain: string[],
  unsent: string[],
  ids: string[],
  delivered: string[],
): SendOutcomeUnknownError {
  const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return new SendOutcomeUnknownError(
    `${label}: no answer from SES after the request left (${describeError(e)}${status ? `, HTTP ${status}` : ""}); message ${messageId} may have reached its ${uncertain.length} recipient(s), so it is not retried and they are counted as having it (check SES sending statistics or the recipients' mailboxes)${unsent.length ? `; ${unsent.length} recipient(s) of later messages not tried` : ""}${sentNote(ids)}`,
    ids,
    delivered,
    uncertain,
    unsent,
    messageId,
    { cause: e },
  );
}
