/** The snapshot does not depend on the order in which repository reads finish. */
import { describe, expect, it } from "vitest";
import { collect } from "../../src/collect/collect.js";
import { snapshotHash } from "../../src/collect/snapshot-hash.js";
import { gitSource, metricsSource } from "../../src/collect/sources/registry.js";
import type { GitSource } from "../../src/collect/sources/source.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { parsePeriod } from "../../src/shared/period.js";
import { DATA_DIR, NOW, PERIOD, repo, sampleInventory } from "../helpers/sample.js";

describe("collect", () => {
  it("lists repositories in data/repos.yaml order, so the same facts give the same snapshot hash", async () => {
    const inventory = await sampleInventory();
    const keys = inventory.repos.repos.map((r) => r.github ?? r.id);
    expect(keys.length).toBeGreaterThan(2);
    const source = (order: string[]): GitSource => ({
      name: "github",
      repos: async () => Object.fromEntries(order.map((k) => [k, repo({ repo: k, entity: "jada" })])),
    });
    const ctx = { period: parsePeriod(PERIOD), inventory, dataDir: DATA_DIR, log: memoryLogger(), now: () => NOW };
    const metrics = { name: "file", metrics: async () => ({ missing: "not under test", source: "none" }) } as const;
    const forward = await collect(ctx, [gitSource(source(keys)), metricsSource(metrics)]);
    const backward = await collect(ctx, [gitSource(source([...keys].reverse())), metricsSource(metrics)]);
    expect(Object.keys(backward.repos)).toEqual(keys);
    expect(snapshotHash(backward)).toBe(snapshotHash(forward));
  });
});
