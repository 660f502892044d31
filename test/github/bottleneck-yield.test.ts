import Bottleneck from "bottleneck";
import BottleneckLight from "bottleneck/light.js";
import { describe, expect, it, vi } from "vitest";
import { bottleneckPatched } from "../../src/github/bottleneck-yield.js";
import "../../src/github/client.js";

describe("Bottleneck yield shim (src/github/bottleneck-yield.ts)", () => {
  it("is applied to both builds Octokit's plugins use, once", () => {
    for (const B of [Bottleneck, BottleneckLight]) {
      expect(bottleneckPatched(B)).toBe(true);
      const proto = Object.getPrototypeOf((new B() as unknown as { _store: object })._store) as { __execReportsPatched?: boolean };
      expect(proto.__execReportsPatched).toBe(true);
    }
  });

  it("starts a zero-wait job without a timer", async () => {
    const spy = vi.spyOn(globalThis, "setTimeout");
    try {
      const limiter = new BottleneckLight({ maxConcurrent: 1 });
      expect(await limiter.schedule(async () => 42)).toBe(42);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it("keeps a serial limiter's order and runs every job", async () => {
    const group = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => group.key("k").schedule(async () => void order.push(i))));
    expect(order).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("keeps priorities: a higher-priority job queued behind a running one goes next", async () => {
    const limiter = new BottleneckLight({ maxConcurrent: 1 });
    const order: string[] = [];
    const first = limiter.schedule(async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push("first");
    });
    const low = limiter.schedule({ priority: 9 }, async () => void order.push("low"));
    const high = limiter.schedule({ priority: 0 }, async () => void order.push("high"));
    await Promise.all([first, low, high]);
    expect(order).toEqual(["first", "high", "low"]);
  });

  it("still honours a timed wait (minTime spacing)", async () => {
    const limiter = new BottleneckLight({ maxConcurrent: 1, minTime: 30 });
    const at: number[] = [];
    await Promise.all([0, 1, 2].map(() => limiter.schedule(async () => void at.push(performance.now()))));
    // Spacing is start-to-start; allow the timer's own 1 ms granularity.
    expect(at[2]! - at[0]!).toBeGreaterThanOrEqual(58);
  });

  it("retries a failed job, at once (0 ms) and after a timed wait, as Octokit's retry plugin asks", async () => {
    for (const wait of [0, 20]) {
      const limiter = new BottleneckLight();
      let calls = 0;
      limiter.on("failed", (_e, info) => (info.retryCount < 2 ? wait : undefined));
      const started = performance.now();
      const value = await limiter.schedule(async () => {
        if (++calls < 3) throw new Error("transient");
        return "ok";
      });
      expect([value, calls]).toEqual(["ok", 3]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(wait ? 2 * wait - 2 : 0);
    }
  });

  it("stop({ dropWaitingJobs }) drops what has not started, with no stray execution", async () => {
    const limiter = new BottleneckLight({ maxConcurrent: 1 });
    const ran: number[] = [];
    const jobs = [1, 2, 3].map((i) =>
      limiter
        .schedule(async () => void ran.push(i))
        .then(
          () => "done",
          (e: Error) => e.message,
        ),
    );
    await limiter.stop({ dropWaitingJobs: true, dropErrorMessage: "dropped" });
    const outcomes = await Promise.all(jobs);
    await new Promise((r) => setImmediate(r));
    expect(outcomes.filter((o) => o === "dropped").length).toBeGreaterThan(0);
    expect(ran.length + outcomes.filter((o) => o === "dropped").length).toBe(3);
  });
});
