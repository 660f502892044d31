/** Who receives a role's report: data/ per role, overridden by the environment; validated and deduplicated. */
import type { Env } from "../config/env.js";
import type { Portfolio, Role } from "../config/schema.js";
import { dedupeAddresses } from "../delivery/addresses.js";
import { UserError } from "../shared/errors.js";

export interface Recipients {
  from: string;
  to: string[];
  bcc: string[];
  replyTo?: string;
}

/** Resolves sender and recipients for a role. The environment's RECIPIENT_EMAIL / BCC_RECIPIENTS replace the data's lists. */
export function recipientsFor(role: Role, portfolio: Portfolio, env: Env): Recipients {
  const set = portfolio.recipients[role];
  if (!set) throw new UserError(`portfolio.yaml recipients: no recipients for role "${role}" — add recipients.${role}.to`);
  const to = dedupeAddresses(env.RECIPIENT_EMAIL ?? set.to);
  const bcc = dedupeAddresses(env.BCC_RECIPIENTS ?? set.bcc, to);
  const replyTo = env.REPLY_TO_EMAIL ?? set.replyTo ?? portfolio.delivery.replyTo;
  return { from: env.SES_SENDER_EMAIL ?? portfolio.delivery.sender, to, bcc, ...(replyTo ? { replyTo } : {}) };
}
