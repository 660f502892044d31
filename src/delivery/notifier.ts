/** The Notifier seam: a short message per role run (Slack, a dashboard webhook). A failed post is a warning only. */
import type { Report } from "../analyse/report.js";

/**
 * What became of one report: `sent` only when a real mailer accepted it; `rendered` when it was written to the
 * outbox and no email left; `held` when degraded data stopped it by the audience's policy.
 */
export type ReportStatus = "sent" | "rendered" | "skipped" | "failed" | "dry-run" | "held";

export interface RoleOutcome {
  report: Report;
  status: ReportStatus;
  messageIds: string[];
  cards: { created: number; updated: number; closed: number; reopened: number; urls: string[] };
  runUrl?: string;
  error?: string;
}

export interface Notifier {
  readonly name: string;
  notify(outcome: RoleOutcome): Promise<void>;
}
