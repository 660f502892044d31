/** Offline audit log: audit.jsonl (one line per attempt), claims in OUT/.claims, KPI history in history.json. */
import { randomUUID } from "node:crypto";
import { appendFile, mkdir, open, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Role } from "../config/schema.js";
import { writeFileAtomic } from "../shared/fs-atomic.js";
import {
  type AuditEntry,
  type AuditLog,
  type Claim,
  type ClaimResult,
  carriedOver,
  type Delivered,
  isFresh,
  type KpiSnapshot,
  notLater,
} from "./audit-log.js";

interface ClaimFile {
  reportId: string;
  status: "sending" | "sent" | "failed" | "rendered" | "held";
  claimedAt: string;
  attempt: number;
  messageIds: string[];
  deliveredTo?: string[];
  finishedAt?: string;
}

const HISTORY_KEEP = 26;

export class FileAuditLog implements AuditLog {
  readonly name = "file";
  private readonly claims: string;
  private queue: Promise<unknown> = Promise.resolve();
  /** reportId → claimedAt of the claim this instance wrote: the file holds no token, the time tells claims apart. */
  private readonly held = new Map<string, string>();

  constructor(
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.claims = path.join(dir, ".claims");
  }

  /** Serialises writers in this process; the lock file serialises processes. */
  private exclusive<T>(f: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => withLock(path.join(this.dir, ".audit.lock"), f));
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
      if (existing?.status === "sending" && isFresh(existing.claimedAt, this.now())) {
        return { claimed: false, reason: `another run claimed it at ${existing.claimedAt}`, messageIds: [] };
      }
      const attempt = (existing?.attempt ?? 0) + 1;
      const delivered = carriedOver(existing, c.force);
      const claimedAt = this.stamp(existing?.claimedAt);
      this.held.set(c.reportId, claimedAt);
      await writeFileAtomic(
        this.claimPath(c.reportId),
        JSON.stringify({
          reportId: c.reportId,
          status: "sending",
          claimedAt,
          attempt,
          messageIds: delivered?.messageIds ?? [],
          ...(delivered ? { deliveredTo: delivered.to } : {}),
        } satisfies ClaimFile),
      );
      return { claimed: true, attempt, ...(delivered ? { delivered } : {}) };
    });
  }

  async progress(reportId: string, delivered: Delivered): Promise<boolean> {
    return this.touch(reportId, { messageIds: delivered.messageIds, deliveredTo: delivered.to });
  }

  async renew(reportId: string): Promise<boolean> {
    return this.touch(reportId, {});
  }

  /** Updates the claim file if it is still this instance's claim in `sending`, renewing claimedAt. */
  private touch(reportId: string, change: Partial<ClaimFile>): Promise<boolean> {
    return this.exclusive(async () => {
      const cur = await readJson<ClaimFile>(this.claimPath(reportId));
      const mine = this.held.get(reportId);
      if (!mine || cur?.status !== "sending" || cur.claimedAt !== mine) return false;
      const claimedAt = this.stamp(mine);
      this.held.set(reportId, claimedAt);
      await writeFileAtomic(this.claimPath(reportId), JSON.stringify({ ...cur, ...change, claimedAt } satisfies ClaimFile));
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

  async record(e: AuditEntry): Promise<void> {
    await this.exclusive(async () => {
      await mkdir(this.dir, { recursive: true });
      await appendFile(path.join(this.dir, "audit.jsonl"), `${JSON.stringify(e)}\n`);
      if (e.status === "sent" || e.status === "failed" || e.status === "rendered" || e.status === "held") {
        const prev = await readJson<ClaimFile>(this.claimPath(e.reportId));
        // Only the claim's holder settles it; a run that lost its claim leaves its outcome in audit.jsonl only.
        if (prev && prev.claimedAt !== this.held.get(e.reportId)) return;
        await writeFileAtomic(
          this.claimPath(e.reportId),
          JSON.stringify({
            reportId: e.reportId,
            status: e.status as ClaimFile["status"],
            claimedAt: prev?.claimedAt ?? e.startedAt,
            attempt: prev?.attempt ?? 1,
            messageIds: e.messageIds,
            ...(e.deliveredTo?.length ? { deliveredTo: e.deliveredTo } : {}),
            finishedAt: e.finishedAt,
          } satisfies ClaimFile),
        );
        this.held.delete(e.reportId);
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
    const h = (await readJson<Record<string, KpiSnapshot[]>>(path.join(this.dir, "history.json"))) ?? {};
    // The latest period not after the report's wins; among its runs, the newest.
    const rank = (s: KpiSnapshot) => `${s.periodStart ?? ""}|${s.at}`;
    const eligible = (h[`${role}.${scope}`] ?? []).filter((s) => notLater(s, upTo));
    return eligible.reduce<KpiSnapshot | null>((best, s) => (!best || rank(s) >= rank(best) ? s : best), null);
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

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new Error(`${file} is not valid JSON (${(e as Error).message}); move it aside to start a fresh audit log`);
  }
}

/** A cross-process lock file; a lock older than 30 s is taken as abandoned. */
async function withLock<T>(lock: string, f: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(lock), { recursive: true });
  // The lock holds a token: a holder whose lock was broken as stale must not remove the next holder's lock.
  const token = randomUUID();
  for (let i = 0; ; i++) {
    try {
      const h = await open(lock, "wx");
      await h.writeFile(token);
      await h.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const { mtimeMs } = await stat(lock).catch(() => ({ mtimeMs: 0 }));
      // Held for 30 s (by the clock or by 600 waits of 50 ms): its holder died; the work under the lock takes milliseconds.
      if (Date.now() - mtimeMs > 30000 || i > 600) await rm(lock, { force: true });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await f();
  } finally {
    if ((await readFile(lock, "utf8").catch(() => "")) === token) await rm(lock, { force: true });
  }
}
