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
  | { claimed: true; attempt: number; delivered?: Delivered }
  /** `leaseExpiresAt`: another run holds a live lease that lapses then unless renewed (absent when the report was sent). */
  | { claimed: false; reason: string; messageIds: string[]; leaseExpiresAt?: string };

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
  /** The report's memory as JSON (findings with their memory, watching, KPIs): what the next report compares against. */
  digest?: string;
}

/** Newest run of each period, newest period first, at most `limit`: the KPI history a report's trends read. */
export function latestPerPeriod(snaps: KpiSnapshot[], upTo: string | undefined, limit: number): KpiSnapshot[] {
  const rank = (s: KpiSnapshot) => `${s.periodStart ?? ""}|${s.at}`;
  const sorted = snaps.filter((s) => notLater(s, upTo)).sort((a, b) => rank(b).localeCompare(rank(a)));
  const seen = new Set<string>();
  const out: KpiSnapshot[] = [];
  for (const s of sorted) {
    if (seen.has(s.period)) continue;
    seen.add(s.period);
    out.push(s);
    if (out.length >= limit) break;
  }
  return out;
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
   * Renews the claim every `everyMs` while the run works (see lease.ts); the returned function stops it. `onLost` is
   * called once if the claim was taken over (the run must then not send), `onRenewed` after each accepted renewal.
   * Optional for test doubles.
   */
  heartbeat?(reportId: string, everyMs?: number, onLost?: () => void, onRenewed?: () => void): () => Promise<void>;
  /**
   * The trend baseline ("the last run"): KPI values of the newest run, for this role and scope, of the latest
   * period starting at or before `upTo` (the report's own period start). A backfilled earlier week is never
   * compared with a later one, nor a week after a backfill with the backfilled week.
   */
  lastKpis(role: Role, scope: string, upTo?: string): Promise<KpiSnapshot | null>;
  saveKpis(role: Role, scope: string, snap: KpiSnapshot): Promise<void>;
  /** The newest run of each of the latest `limit` periods starting at or before `upTo`, newest first. */
  kpiHistory(role: Role, scope: string, upTo: string | undefined, limit: number): Promise<KpiSnapshot[]>;
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

/**
 * A claim is a lease: its holder renews it every HEARTBEAT_MS while it works, and one not renewed for LEASE_MS
 * belongs to a run that died; the next run takes it over. 45 s: three missed heartbeats, and a claim left by a killed
 * run lapses within a minute. EXEC_REPORTS_LEASE_MS overrides it (fault drills run with a few seconds).
 */
export const LEASE_MS = leaseFromEnv() ?? 45_000;
/** How often a run renews its claim while it works. */
export const HEARTBEAT_MS = Math.max(50, Math.floor(LEASE_MS / 3));
/** The lease by its older name: a claim older than this is taken to belong to a crashed run. */
export const CLAIM_TIMEOUT_MS = LEASE_MS;

function leaseFromEnv(): number | undefined {
  const v = Number(globalThis.process?.env?.EXEC_REPORTS_LEASE_MS);
  return Number.isFinite(v) && v >= 100 ? v : undefined;
}

/** A claim in `sending` is fresh when claimedAt is within the lease either way (a claimedAt far ahead came from a wrong clock). */
export function isFresh(claimedAt: string, now: Date): boolean {
  const age = now.getTime() - Date.parse(claimedAt);
  return Math.abs(age) < LEASE_MS;
}

/** When a lease renewed at `claimedAt` lapses. */
export function leaseExpiry(claimedAt: string): string {
  return new Date(Date.parse(claimedAt) + LEASE_MS).toISOString();
}

/** A failed audit write: says whether the claim was still settled (so the next run is not blocked) despite it. */
export class AuditWriteError extends Error {
  override name = "AuditWriteError";
  constructor(
    message: string,
    /** True when the claim was settled (sent, or released as failed) although part of the outcome was not written. */
    readonly claimSettled: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
