/** secretlint's process-wide profiler searched every earlier mark on each new one (O(n²) over a run); scanning must leave no marks. */
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { scanContent } from "../../src/collect/sources/secret-scan.js";

describe("secret scan and secretlint's profiler", () => {
  it("scanning many files records no performance marks, so the cost per file does not grow with the run", async () => {
    performance.clearMarks();
    for (let i = 0; i < 40; i++) await scanContent(`src/file${i}.ts`, `export const n = ${i};\n`);
    await new Promise((r) => setTimeout(r, 10));
    expect(performance.getEntriesByType("mark").filter((m) => m.name.startsWith("@core>"))).toEqual([]);
  });

  it("still finds a secret (the scan itself is unchanged)", async () => {
    const key = `sk_${"live"}_${"a1B2c3D4".repeat(4)}`;
    expect(await scanContent(".env", `STRIPE_SECRET_KEY=${key}\n`)).toEqual([
      { file: ".env", line: 1, rule: "exec-reports/stripe", masked: `sk_live_•••• (${key.length} chars)` },
    ]);
  });
});
