/**
 * The report's memory across runs of the real pipeline (the KPI history and each report's digest in the audit),
 * and a source that fails: held for an audience that says hold, a banner for the others.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import type { Source } from "../../src/collect/sources/source.js";
import type { Notifier, RoleOutcome } from "../../src/delivery/notifier.js";
import { copyData, tempDir } from "../helpers/cli.js";
import { reportOf, runOffline } from "../helpers/run.js";

describe("memory across runs", () => {
  it("three weekly runs: the third names the second as the previous report and draws a trend of three points", async () => {
    const out = await tempDir("exec-memory-");
    for (const period of ["2026-W46", "2026-W47"]) await runOffline({ outDir: out, select: { audiences: ["cfo"], period } });
    const { result } = await runOffline({ outDir: out, select: { audiences: ["cfo"], period: "2026-W48" } });
    const r = reportOf(result, "cfo").report!;
    expect(r.changes.previous).toMatchObject({ id: "cfo.2026-W47", period: "2026-W47" });
    const measured = r.kpis.find((k) => k.value !== null && (k.series?.length ?? 0) > 0)!;
    expect(measured.series!.map((p) => p.period)).toEqual(["2026-W46", "2026-W47", "2026-W48"]);
    // A finding open since W46 says so.
    expect(r.findings.some((f) => f.memory?.openSince === "2026-W46" && f.memory.periodsOpen === 3)).toBe(true);
    const html = await readFile(reportOf(result, "cfo").files.html, "utf8");
    expect(html).toContain("cfo.2026-W47");
  });
});

describe("a source that fails", () => {
  const failing: Source = {
    name: "payments-api",
    kind: "payments",
    provides: { datasets: ["revenue"] },
    async read() {
      throw new Error("payments-api: 503 Service Unavailable");
    },
  };

  async function dataWith(degraded: "hold" | "send-with-banner"): Promise<string> {
    const dir = await copyData();
    const file = path.join(dir, "audiences.yaml");
    const doc = parse(await readFile(file, "utf8")) as { audiences: Record<string, unknown>[] };
    for (const a of doc.audiences) if (a.id === "cfo") a.degraded = degraded;
    await writeFile(file, stringify(doc));
    return dir;
  }

  it("hold: no email, the run fails with the reason, the notifier says why", async () => {
    const said: RoleOutcome[] = [];
    const notifier: Notifier = { name: "test", notify: async (o) => void said.push(o) };
    const { result, out, log } = await runOffline({
      dataDir: await dataWith("hold"),
      select: { audiences: ["cfo"], period: "2026-W48" },
      edges: { notifiers: [notifier] },
      extraSources: [failing],
    });
    const r = reportOf(result, "cfo");
    expect(result.ok).toBe(false);
    expect(r.status).toBe("held");
    expect(r.reason).toMatch(/^cfo\.2026-W48 held: payments-api failed \(payments-api: 503 Service Unavailable\)/);
    expect(said.map((o) => [o.status, o.error])).toEqual([["held", r.reason]]);
    expect(log.lines.some((l) => l.startsWith("error: cfo.2026-W48 held"))).toBe(true);
    await expect(readFile(path.join(out, "outbox", "cfo.2026-W48.eml"))).rejects.toThrow();
  });

  it("send-with-banner: the email goes out with a banner that names the source", async () => {
    const { result } = await runOffline({
      dataDir: await dataWith("send-with-banner"),
      select: { audiences: ["cfo"], period: "2026-W48" },
      extraSources: [failing],
    });
    const r = reportOf(result, "cfo");
    expect(r.status).toBe("rendered");
    expect(r.report!.degraded.map((d) => d.source)).toEqual(["payments-api"]);
    expect(await readFile(r.location!, "utf8")).toContain("payments-api");
  });
});
