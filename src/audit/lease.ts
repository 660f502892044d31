/** Claims as leases, for the pipeline: a heartbeat that renews a claim while a run works, and a claim that waits out a lapsing lease. */
import type { Logger } from "../shared/logger.js";
import { type AuditLog, type Claim, type ClaimResult, HEARTBEAT_MS, LEASE_MS } from "./audit-log.js";

export interface HeartbeatOptions {
  everyMs?: number;
  /** Called once when a renewal finds the claim taken over: the run must not send. */
  onLost?: () => void;
  /** Called with a renewal that failed (the audit store is down); the heartbeat keeps trying. */
  onError?: (e: unknown) => void;
  /** Called after each renewal the store accepted. */
  onRenewed?: () => void;
}

/**
 * Renews `reportId`'s claim every `everyMs` (default HEARTBEAT_MS = a third of the lease) until the returned stop()
 * is called; stop() resolves once no renewal is in flight. Timers are unref'd: a heartbeat never keeps a process alive.
 */
export function startHeartbeat(audit: Pick<AuditLog, "renew">, reportId: string, o: HeartbeatOptions = {}): () => Promise<void> {
  const every = o.everyMs ?? HEARTBEAT_MS;
  let stopped = false;
  let lost = false;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    if (stopped || lost) return;
    inFlight = audit.renew(reportId).then(
      (held) => {
        if (held) o.onRenewed?.();
        else if (!stopped && !lost) {
          lost = true;
          o.onLost?.();
        }
      },
      (e: unknown) => o.onError?.(e),
    );
  };
  const timer = setInterval(tick, every);
  timer.unref?.();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await inFlight;
  };
}

export interface ClaimWaitOptions {
  /** Longest wait for a live lease to lapse; default a lease and a third (a holder that died just after renewing). */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  log?: Logger;
}

/**
 * Claims `c`; when another run holds a live lease, waits for it to lapse and claims again, so a run started right
 * after a crashed one takes its claim over (and resumes who it had not reached) instead of skipping. A holder that
 * keeps renewing keeps its claim: after maxWaitMs the refusal is returned. Never waits for a sent report.
 */
export async function claimWithWait(audit: Pick<AuditLog, "claim">, c: Claim, o: ClaimWaitOptions = {}): Promise<ClaimResult> {
  const now = o.now ?? (() => new Date());
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now().getTime() + (o.maxWaitMs ?? Math.round(LEASE_MS * 1.34));
  // Bounded tries as well as time: a frozen test clock never reaches the deadline.
  for (let attempt = 0; ; attempt++) {
    const first = attempt === 0;
    const r = await audit.claim(c);
    if (r.claimed || !r.leaseExpiresAt || attempt >= 8) return r;
    const wait = Date.parse(r.leaseExpiresAt) - now().getTime() + 250;
    if (now().getTime() + wait > deadline) return r;
    if (first) o.log?.info(`${c.reportId}: ${r.reason}; waiting up to ${Math.ceil(wait / 1000)} s for its lease to lapse`);
    await sleep(Math.max(50, wait));
  }
}
