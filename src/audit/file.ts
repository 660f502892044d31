/**
 * Offline audit log: audit.jsonl (one line per attempt), claims in OUT/.claims, KPI history in history.json.
 *
 * Claims are leases (audit-log.ts): renewed while a run works, taken over once lapsed, or at once when the holder
 * ran on this machine and its process is gone. A run on a full disk can still settle its claim (claim-file.ts).
 */
import { appendFile, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Role } from "../config/schema.js";
import { writeFileAtomic } from "../shared/fs-atomic.js";
import { globalRedactor, type Redactor } from "../shared/redact.js";
import {
  type AuditEntry,
  type AuditLog,
  AuditWriteError,
  type Claim,
  type ClaimResult,
  carriedOver,
  type Delivered,
  isFresh,
  type KpiSnapshot,
  latestPerPeriod,
  leaseExpiry,
} from "./audit-log.js";
import { claimsDir, type Holder, holderDead, isNoSpace, readJson, self, withLock, writeClaimFile } from "./claim-file.js";
import { startHeartbeat } from "./lease.js";

interface ClaimFile {
  reportId: string;
  status: "sending" | "sent" | "failed" | "rendered" | "held";
  claimedAt: string;
  attempt: number;
  messageIds: string[];
  deliveredTo?: string[];
  finishedAt?: string;
  holder?: Holder;
}

// Runs kept per audience: enough for 12 periods of trends even with a few reruns each.
const HISTORY_KEEP = 60;

export class FileAuditLog implements AuditLog {
  readonly name = "file";
  private readonly claims: string;
  private queue: Promise<unknown> = Promise.resolve();
  /** reportId → claimedAt of the claim this instance wrote: the file holds no token, the time tells claims apart. */
  private readonly held = new Map<string, string>();

  constructor(
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
    private readonly redactor: Redactor = globalRedactor,
  ) {
    this.claims = claimsDir(dir);
  }

  /** Serialises writers in this process; the lock file serialises processes. */
  private exclusive<T>(f: () => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      await mkdir(this.claims, { recursive: true });
      return withLock(path.join(this.dir, ".audit.lock"), f);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private claimPath(id: string) {
    return path.join(this.claims, `${id}.json`);
  }

  async claim(c: Claim): Promise<ClaimResult> {
    return this.exclusive(async () => {
      const existing = await readJson<ClaimFile>(this.claimPath(c.reportId));
      if (existing?.status === "sent" && !c.force) {
        return { claimed: false, reason: `already sent at ${existing.finishedAt ?? existing.claimedAt}`, messageIds: existing.messageIds };
      }
      // Live: renewed within the lease by a run that is still there. --force never takes a live claim.
      if (existing?.status === "sending" && isFresh(existing.claimedAt, this.now()) && !holderDead(existing.holder)) {
        return {
          claimed: false,
          reason: `another run holds the claim (renewed at ${existing.claimedAt})`,
          messageIds: [],
          leaseExpiresAt: leaseExpiry(existing.claimedAt),
        };
      }
      const attempt = (existing?.attempt ?? 0) + 1;
      const delivered = carriedOver(existing, c.force);
      const claimedAt = this.stamp(existing?.claimedAt);
      await writeClaimFile(this.claimPath(c.reportId), {
        reportId: c.reportId,
        status: "sending",
        claimedAt,
        attempt,
        messageIds: delivered?.messageIds ?? [],
        ...(delivered ? { deliveredTo: delivered.to } : {}),
        holder: self(),
      } satisfies ClaimFile);
      this.held.set(c.reportId, claimedAt);
      return { claimed: true, attempt, ...(delivered ? { delivered } : {}) };
    });
  }

  async progress(reportId: string, delivered: Delivered): Promise<boolean> {
    return this.touch(reportId, { messageIds: delivered.messageIds, deliveredTo: delivered.to });
  }

  async renew(reportId: string): Promise<boolean> {
    return this.touch(reportId, {});
  }

  /** Renews the claim every `everyMs` until the returned function is called (see lease.ts). */
  heartbeat(reportId: string, everyMs?: number, onLost?: () => void, onRenewed?: () => void): () => Promise<void> {
    return startHeartbeat(this, reportId, {
      ...(everyMs ? { everyMs } : {}),
      ...(onLost ? { onLost } : {}),
      ...(onRenewed ? { onRenewed } : {}),
    });
  }

  /** Updates the claim file if it is still this instance's claim in `sending`, renewing claimedAt. */
  private touch(reportId: string, change: Partial<ClaimFile>): Promise<boolean> {
    return this.exclusive(async () => {
      const cur = await readJson<ClaimFile>(this.claimPath(reportId));
      const mine = this.held.get(reportId);
      if (!mine || cur?.status !== "sending" || cur.claimedAt !== mine) return false;
      const claimedAt = this.stamp(mine);
      await writeClaimFile(this.claimPath(reportId), { ...cur, ...change, claimedAt } satisfies ClaimFile);
      this.held.set(reportId, claimedAt);
      return true;
    });
  }

  /** Now, or a millisecond after `previous` when the clock has not moved (a fixed test clock), so claims differ. */
  private stamp(previous: string | undefined): string {
    const now = this.now().getTime();
    const prev = previous ? Date.parse(previous) : NaN;
    // A previous stamp more than a second ahead came from a fast clock: not carried forward.
    return new Date(Number.isFinite(prev) && prev >= now && prev - now < 1000 ? prev + 1 : now).toISOString();
  }

  /**
   * Settles the claim first (sent, or failed, which releases it), then appends audit.jsonl: on a full disk the claim
   * is still settled in place, or a failed claim that reached nobody is removed, and the error says which.
   */
  async record(entry: AuditEntry): Promise<void> {
    const e = this.redactor.redactDeep(entry);
    await this.exclusive(async () => {
      // Sent, failed, rendered (outbox) and held end an attempt: each settles or releases the claim.
      let settled = !["sent", "failed", "rendered", "held"].includes(e.status);
      let how = "";
      if (!settled) {
        const file = this.claimPath(e.reportId);
        const prev = await readJson<ClaimFile>(file);
        // Only the claim's holder settles it; a run that lost its claim leaves its outcome in audit.jsonl only.
        if (prev && prev.claimedAt !== this.held.get(e.reportId)) settled = true;
        else {
          try {
            how = await writeClaimFile(file, {
              reportId: e.reportId,
              status: e.status as ClaimFile["status"],
              claimedAt: prev?.claimedAt ?? e.startedAt,
              attempt: prev?.attempt ?? 1,
              messageIds: e.messageIds,
              ...(e.deliveredTo?.length ? { deliveredTo: e.deliveredTo } : {}),
              finishedAt: e.finishedAt,
            } satisfies ClaimFile);
            settled = true;
          } catch (err) {
            // Nothing reached anyone: removing the claim (which needs no space) releases it just as well.
            if (e.status === "failed" && !e.deliveredTo?.length && !prev?.deliveredTo?.length) {
              await rm(file, { force: true });
              settled = true;
              how = "removed";
            } else
              throw new AuditWriteError(`${file}: the outcome ${e.status} could not be written (${describe(err)})`, false, { cause: err });
          }
          this.held.delete(e.reportId);
        }
      }
      try {
        await appendFile(path.join(this.dir, "audit.jsonl"), `${JSON.stringify(e)}\n`);
      } catch (err) {
        const claim =
          how === "removed"
            ? "its claim was removed, so the next run retries"
            : `its claim was settled as ${e.status}${how === "in-place" ? " in place" : ""}`;
        throw new AuditWriteError(`${path.join(this.dir, "audit.jsonl")}: ${e.status} not appended (${describe(err)}); ${claim}`, true, {
          cause: err,
        });
      }
    });
  }

  async statuses(reportIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of reportIds) {
      const c = await readJson<ClaimFile>(this.claimPath(id));
      if (c) out.set(id, c.status);
    }
    return out;
  }

  async lastKpis(role: Role, scope: string, upTo?: string): Promise<KpiSnapshot | null> {
    return (await this.kpiHistory(role, scope, upTo, 1))[0] ?? null;
  }

  async kpiHistory(role: Role, scope: string, upTo: string | undefined, limit: number): Promise<KpiSnapshot[]> {
    const h = (await readJson<Record<string, KpiSnapshot[]>>(path.join(this.dir, "history.json"))) ?? {};
    return latestPerPeriod(h[`${role}.${scope}`] ?? [], upTo, limit);
  }

  async saveKpis(role: Role, scope: string, snap: KpiSnapshot): Promise<void> {
    await this.exclusive(async () => {
      const file = path.join(this.dir, "history.json");
      const h = (await readJson<Record<string, KpiSnapshot[]>>(file)) ?? {};
      const key = `${role}.${scope}`;
      h[key] = [...(h[key] ?? []), snap].slice(-HISTORY_KEEP);
      await writeFileAtomic(file, `${JSON.stringify(h, null, 2)}\n`);
    });
  }
}

function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (isNoSpace(e)) return `${code}: no space left on the device; free space under the out folder`;
  return e instanceof Error ? e.message : String(e);
}
