/** Paces sends to a per-second rate shared by every caller of one mailer (SES counts recipients, not messages). */
import { sleep as realSleep } from "../shared/retry.js";

export class Pacer {
  private nextFree = 0;

  constructor(
    private readonly perSecond: () => Promise<number>,
    private readonly clock: () => number = () => Date.now(),
    private readonly sleep: (ms: number) => Promise<void> = realSleep,
  ) {}

  /** Waits until `units` may be spent without exceeding the rate. Slots are reserved synchronously, so concurrent callers queue. */
  async acquire(units: number): Promise<number> {
    const rate = await this.perSecond();
    const now = this.clock();
    const start = Math.max(now, this.nextFree);
    this.nextFree = start + (units * 1000) / rate;
    const wait = start - now;
    if (wait > 0) await this.sleep(wait);
    return wait;
  }
}
