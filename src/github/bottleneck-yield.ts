/**
 * Bottleneck (under both Octokit plugins: throttling's global, write and notification limiters, and retry's
 * per-request limiter) hands control back to the event loop with `setTimeout(…, 0)` at two places per job:
 * in its datastore (`yieldLoop`) and when it starts a job whose wait is 0 (`_run`). Node clamps a 0 ms
 * timeout to 1 ms, so four chained limiters cost a request 6–7 ms of idle time (measured: 11.2 ms over the
 * round trip against bare Octokit's 4–5 ms). `setImmediate` gives the same guarantee — every pending
 * callback and I/O event runs first, and immediates run in the order they were queued — without the clamp.
 *
 * Only the zero-wait path changes: a timed wait (minTime spacing, retry-after) still goes through setTimeout.
 * Patched once per build (full and light), on the prototypes every limiter shares.
 */
import Bottleneck from "bottleneck";
import BottleneckLight from "bottleneck/light.js";

interface Internals {
  _store: object;
  _scheduled: Record<string, { timeout: unknown; expiration: unknown; job: Job }>;
  _limiter: unknown;
  _clearGlobalState(index: string): boolean;
  _free(index: string, job: Job): unknown;
  _run(index: string, job: Job, wait: number): unknown;
  jobStatus(id: string): string | null;
}
interface Job {
  options: { id: string; expiration?: number | null };
  doRun(): void;
  doExecute(limiter: unknown, clear: () => boolean, run: (wait: number) => unknown, free: () => unknown): Promise<unknown>;
}
type Patchable = { prototype: Internals; __execReportsPatched?: boolean };

const MARK = "__execReportsPatched";

export function patchBottleneckYield(B: typeof Bottleneck): void {
  const ctor = B as unknown as Patchable;
  if (ctor[MARK]) return;
  const store = Object.getPrototypeOf((new B() as unknown as Internals)._store) as {
    yieldLoop?: (t?: number) => Promise<void>;
    [MARK]?: boolean;
  };
  const originalRun = ctor.prototype._run;
  if (!store || typeof store.yieldLoop !== "function" || typeof originalRun !== "function") return;
  const originalYield = store.yieldLoop;
  store.yieldLoop = function (this: { Promise: PromiseConstructor }, t = 0) {
    return t > 0 ? originalYield.call(this, t) : new this.Promise<void>((resolve) => setImmediate(resolve));
  };
  store[MARK] = true;
  ctor.prototype._run = function (this: Internals, index: string, job: Job, wait: number) {
    // Same steps as Bottleneck's own _run (lib/Bottleneck.js); an expiring job keeps the original path.
    if (wait > 0 || job.options.expiration != null) return originalRun.call(this, index, job, wait);
    job.doRun();
    const clearGlobalState = this._clearGlobalState.bind(this, index);
    const run = this._run.bind(this, index, job) as (wait: number) => unknown;
    const free = this._free.bind(this, index, job);
    const timeout = setImmediate(() => {
      // stop({ dropWaitingJobs }) drops a job between scheduling and start; its clearTimeout cannot cancel an immediate.
      const status = this.jobStatus(job.options.id);
      if (status === "RUNNING" || status === "EXECUTING") void job.doExecute(this._limiter, clearGlobalState, run, free);
    });
    return (this._scheduled[index] = { timeout, expiration: undefined, job });
  };
  ctor[MARK] = true;
}

patchBottleneckYield(Bottleneck);
patchBottleneckYield(BottleneckLight as unknown as typeof Bottleneck);

/** True once both builds are patched (for tests). */
export const bottleneckPatched = (B: typeof Bottleneck): boolean => Boolean((B as unknown as Patchable)[MARK]);
