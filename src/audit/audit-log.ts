/** The AuditLog seam: what was reported, when, to whom, with what status; and the KPI history for trends. */
import type { Role } from "../config/schema.js";

export type AuditStatus = "sent" | "rendered" | "skipped" | "failed" | "dry-run" | "held";

export interface AuditEntry {
  reportId: string;
  role: Role;
  period: string;
  scope: string;
  status: AuditStatus;
  recipients: { to: string[]; bcc: string[]; replyTo?: string };
  mailer: string;
  messageIds: string[];
  snapshotSha256: string;
  templateVersion: string;
  forced: boolean;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  error?: string;
  /** Why a report was skipped, e.g. "already sent 2026-11-23T07:00:00Z (message <...>)". */
  reason?: string;
  /** Recipients this report id has reached so far, over every attempt (a failed send may have reached some). */
  deliveredTo?: string[];
  /** Where the report as sent is kept: its path under the archive (and the archive branch's commit, once pushed). */
  archive?: { path: string; commit?: string };
}

/** What earlier attempts of a report id delivered before they failed or died: the next attempt skips these recipients. */
export interface Delivered {
  to: string[];
  messageIds: string[];
}

export type ClaimResult =
  /** `delivered`: earlier attempts reached some recipients (not with force, which sends to everyone again). */
  { claimed: true; attempt: number; delivered?: Delivered } | { claimed: false; reason: string; messageIds: string[] };

export interface Claim {
  reportId: string;
  role: Role;
  period: string;
  scope: string;
  startedAt: string;
  force: boolean;
}

export interface KpiSnapshot {
  reportId: string;
  period: string;
  /** Start of the period (ISO): a report's baseline is a run of its own period or an earlier one, never a later one. */
  periodStart?: string;
  at: string;
  values: Record<string, number>;
}

/** A usable trend baseline for a report whose period starts at `upTo`: a run of that period or an earlier one. */
export function notLater(snap: Pick<KpiSnapshot, "periodStart">, upTo: string | undefined): boolean {
  return !upTo || !snap.periodStart || snap.periodStart <= upTo;
}

export interface AuditLog {
  readonly name: string;
  /** Claims a report id before sending. Refuses when it was sent (unless forced) or another run holds a fresh claim. */
  claim(claim: Claim): Promise<ClaimResult>;
  /** Records the outcome of an attempt (sent, failed, skipped or dry-run) and releases or settles the claim. */
  record(entry: AuditEntry): Promise<void>;
  /**
   * While a report goes out as several messages: who has it so far, so a crash mid-send resumes instead of
   * resending. Also renews the claim. No effect on a claim this instance does not hold.
   */
  progress(reportId: string, delivered: Delivered): Promise<boolean>;
  /**
   * Just before sending: true when this instance still holds the claim, which is renewed (claimedAt = now);
   * false when another run has taken it over meanwhile (the claim looked abandoned), so this run must not send.
   */
  renew(reportId: string): Promise<boolean>;
  /**
   * The trend baseline ("the last run"): KPI values of the newest run, for this role and scope, of the latest
   * period starting at or before `upTo` (the report's own period start). A backfilled earlier week is never
   * compared with a later one, nor a week after a backfill with the backfilled week.
   */
  lastKpis(role: Role, scope: string, upTo?: string): Promise<KpiSnapshot | null>;
  saveKpis(role: Role, scope: string, snap: KpiSnapshot): Promise<void>;
  /** The current status of each report id that has one (sending, sent, failed, rendered, held): what the plan reads. */
  statuses(reportIds: string[]): Promise<Map<string, string>>;
}

/**
 * What a new claim carries over from the attempt it replaces: who that attempt (failed, or abandoned while
 * sending) already reached, so the new one sends only to the others. Nothing after a sent report or with force.
 */
export function carriedOver(
  prev: { status: string; deliveredTo?: string[]; messageIds?: string[] } | null | undefined,
  force: boolean,
): Delivered | undefined {
  return !force && prev && prev.status !== "sent" && prev.deliveredTo?.length
    ? { to: prev.deliveredTo, messageIds: prev.messageIds ?? [] }
    : undefined;
}

/** A claim older than this is taken to belong to a crashed run and may be retried. */
export const CLAIM_TIMEOUT_MS = 15 * 60 * 1000;

/** A claim in `sending` is fresh when claimedAt is within the timeout either way (a claimedAt far ahead came from a wrong clock). */
export function isFresh(claimedAt: string, now: Date): boolean {
  const age = now.getTime() - Date.parse(claimedAt);
  return Math.abs(age) < CLAIM_TIMEOUT_MS;
}
