/** Who receives a role's report: data/ per role, overridden by the environment; validated and deduplicated. */
import type { Env } from "./config/env.js";
import type { Portfolio, Role } from "./config/schema.js";

export interface Recipients {
  from: string;
  to: string[];
  bcc: string[];
  replyTo?: string;
}

const norm = (a: string) => a.trim().toLowerCase();

function dedupe(list: string[], exclude: Set<string> = new Set()): string[] {
  const seen = new Set(exclude);
  const out: string[] = [];
  for (const a of list) {
    const k = norm(a);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(a.trim());
    }
  }
  return out;
}

/** Resolves sender and recipients for a role. The environment's RECIPIENT_EMAIL / BCC_RECIPIENTS replace the data's lists. */
export function recipientsFor(role: Role, portfolio: Portfolio, env: Env): Recipients {
  const set = portfolio.recipients[role];
  const to = dedupe(env.RECIPIENT_EMAIL ?? set.to);
  const bcc = dedupe(env.BCC_RECIPIENTS ?? set.bcc, new Set(to.map(norm)));
  const replyTo = env.REPLY_TO_EMAIL ?? set.replyTo ?? portfolio.delivery.replyTo;
  return { from: env.SES_SENDER_EMAIL ?? portfolio.delivery.sender, to, bcc, ...(replyTo ? { replyTo } : {}) };
}
