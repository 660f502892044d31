/** Request counts per service and operation, taken where the requests arrive (stand-ins, proxies, SDK stubs). */

export class RequestCounter {
  private readonly counts = new Map<string, Map<string, number>>();
  /** Arrival time (performance.now()) of every request since the last reset, for BENCH_TRACE. */
  readonly trace: { t: number; service: string; op: string }[] = [];

  /** `t`: when the request arrived (performance.now() of this process); now if not given. */
  add(service: string, op: string, t = performance.now()): void {
    this.trace.push({ t, service, op });
    const s = this.counts.get(service) ?? new Map<string, number>();
    s.set(op, (s.get(op) ?? 0) + 1);
    this.counts.set(service, s);
  }

  /** service → { total, byOp } */
  snapshot(): Record<string, { total: number; byOp: Record<string, number> }> {
    const out: Record<string, { total: number; byOp: Record<string, number> }> = {};
    for (const [service, ops] of this.counts) {
      const byOp = Object.fromEntries([...ops].sort(([a], [b]) => a.localeCompare(b)));
      out[service] = { total: [...ops.values()].reduce((a, b) => a + b, 0), byOp };
    }
    return out;
  }

  reset(): void {
    this.counts.clear();
    this.trace.length = 0;
  }
}

/** Where the stand-ins report each request they receive. */
export type CountSink = Pick<RequestCounter, "add">;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
