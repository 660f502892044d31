import Bottleneck from "bottleneck";
import BottleneckLight from "bottleneck/light.js";
import { describe, expect, it } from "vitest";
import "../../src/github/client.js";

describe("Bottleneck yield shim (src/github/client.ts)", () => {
  it("is applied to both builds Octokit's plugins use", () => {
    for (const B of [Bottleneck, BottleneckLight]) {
      const proto = Object.getPrototypeOf((new B() as unknown as { _store: object })._store) as { __execReportsPatched?: boolean };
      expect(proto.__execReportsPatched).toBe(true);
    }
  });

  it("keeps a serial limiter's order and runs every job", async () => {
    const group = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => group.key("k").schedule(async () => void order.push(i))));
    expect(order).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("still honours a timed wait (minTime spacing)", async () => {
    const limiter = new BottleneckLight({ maxConcurrent: 1, minTime: 30 });
    const at: number[] = [];
    await Promise.all([0, 1, 2].map(() => limiter.schedule(async () => void at.push(performance.now()))));
    // Spacing is start-to-start; allow the timer's own 1 ms granularity.
    expect(at[2]! - at[0]!).toBeGreaterThanOrEqual(58);
  });
});
