/**
 * Dev tooling: the sample portfolio's reports for one frozen week, produced by the real offline pipeline,
 * so previews, tests and the benchmark render exactly what a run would send.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Report } from "../../src/analyse/report.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { run } from "../../src/pipeline/run.js";
import { templatesDir } from "../../src/render/templates.js";
import { memoryLogger } from "../../src/shared/logger.js";

export const SAMPLE_PERIOD = "2026-W48";
export const SAMPLE_NOW = "2026-11-25T12:00:00Z";

/** Runs the offline pipeline on data/ into a temporary directory (removed afterwards) and returns each role's report. */
export async function sampleReports(dataDir = path.join(path.dirname(templatesDir()), "data")): Promise<Report[]> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), "exec-reports-sample-"));
  try {
    const log = memoryLogger();
    const result = await run(
      {
        dataDir,
        outDir,
        roles: builtinRoles.ids,
        period: SAMPLE_PERIOD,
        force: false,
        dryRun: false,
        env: {},
        now: () => new Date(SAMPLE_NOW),
      },
      log,
    );
    const failed = result.roles.filter((r) => !r.report);
    if (failed.length)
      throw new Error(`sample run failed for ${failed.map((r) => `${r.role}: ${r.error}`).join("; ")}\n${log.lines.join("\n")}`);
    return result.roles.map((r) => r.report!);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
