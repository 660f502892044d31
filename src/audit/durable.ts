/** A durable audit is required to send: the file audit on a disposable runner forgets what it sent, so every run would send again. */
import { UserError } from "../shared/errors.js";
import type { Logger } from "../shared/logger.js";

/** Mailers that deliver nothing to anyone (the outbox folder, a dry run): any audit will do. */
const OFFLINE_MAILERS = new Set(["outbox", "dry-run", "none"]);
/** Audits that outlive the runner. */
const DURABLE_AUDITS = new Set(["dynamodb"]);

let warned = false;

export interface DurableAuditCheck {
  mailer: { readonly name: string };
  audit: { readonly name: string };
  /** True on GitHub Actions (GITHUB_ACTIONS=true): every job starts on a fresh runner. */
  onActions: boolean;
  /** Where the local warning goes (once per process). */
  log?: Pick<Logger, "warn">;
}

/**
 * Refuses (UserError with the fix) to send through a real mailer with only a non-durable audit on GitHub Actions;
 * locally it warns once and lets the run go on. Call it after choosing the edges and before claiming anything.
 */
export function requireDurableAudit(c: DurableAuditCheck): void {
  if (OFFLINE_MAILERS.has(c.mailer.name) || DURABLE_AUDITS.has(c.audit.name)) return;
  const why = `the ${c.mailer.name} mailer sends real email but the audit is the ${c.audit.name} audit`;
  if (c.onActions)
    throw new UserError(
      `audit: ${why}, which lives on this disposable runner, so every run would send the same report again — expected AUDIT_TABLE set to a DynamoDB table (create it with \`npm run setup -- --table NAME\`, then set the AUDIT_TABLE repository variable the workflow passes to the action), or mailer outbox`,
    );
  if (warned) return;
  warned = true;
  c.log?.warn(
    `audit: ${why} (kept in the out folder on this machine): a run from another machine or a fresh folder would send again; set AUDIT_TABLE for a durable audit`,
  );
}

/** For tests: forget that the local warning was given. */
export function resetDurableAuditWarning(): void {
  warned = false;
}
