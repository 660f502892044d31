/** The Notifier seam: a short message per role run (Slack, a dashboard webhook). A failed post is a warning only. */
import type { Report } from "../analyse/report.js";

export interface RoleOutcome {
  report: Report;
  status: "sent" | "skipped" | "failed" | "dry-run";
  messageIds: string[];
  cards: { created: number; updated: number; closed: number; reopened: number; urls: string[] };
  runUrl?: string;
  error?: string;
}

export interface Notifier {
  readonly name: string;
  notify(outcome: RoleOutcome): Promise<void>;
}
