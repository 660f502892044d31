/**
 * Dev tooling: the sample portfolio's reports for one frozen week, produced by the real offline pipeline,
 * so previews, tests and the benchmark render exactly what a run would send.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Report } from "../../src/analyse/report.js";
import type { Snapshot } from "../../src/collect/snapshot.js";
import { run } from "../../src/pipeline/run.js";
import { templatesDir } from "../../src/render/templates.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { offlineEdges } from "../../src/wiring/edges.js";

export const SAMPLE_PERIOD = "2026-W48";
export const SAMPLE_NOW = "2026-11-25T12:00:00Z";

/**
 * Runs the offline pipeline on data/ into a temporary directory (removed afterwards) for every weekly audience of
 * SAMPLE_PERIOD and returns one report per role (its first all-entity, full-format audience's) and the snapshot
 * written beside the first of them.
 */
export async function sampleRun(dataDir = defaultDataDir()): Promise<{ reports: Report[]; snapshot: Snapshot }> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), "exec-reports-sample-"));
  try {
    const log = memoryLogger();
    const now = () => new Date(SAMPLE_NOW);
    const result = await run(
      { dataDir, outDir, select: { period: SAMPLE_PERIOD }, force: false, dryRun: false, env: {}, now },
      log,
      offlineEdges(outDir, now),
    );
    const failed = result.reports.filter((r) => !r.report);
    if (failed.length)
      throw new Error(`sample run failed for ${failed.map((r) => `${r.reportId}: ${r.error}`).join("; ")}\n${log.lines.join("\n")}`);
    const perRole = new Map<string, (typeof result.reports)[number]>();
    for (const r of result.reports)
      if (r.audience.scope === "all" && r.audience.format === "full" && !perRole.has(r.role)) perRole.set(r.role, r);
    const chosen = [...perRole.values()];
    if (chosen.length === 0) throw new Error(`the sample run made no all-entity full report\n${log.lines.join("\n")}`);
    const snapshot = JSON.parse(await readFile(chosen[0]!.files.snapshot, "utf8")) as Snapshot;
    return { reports: chosen.map((r) => r.report!), snapshot };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The sample's reports, one per role (see sampleRun). */
export async function sampleReports(dataDir = defaultDataDir()): Promise<Report[]> {
  return (await sampleRun(dataDir)).reports;
}

function defaultDataDir(): string {
  return path.join(path.dirname(templatesDir()), "data");
}
