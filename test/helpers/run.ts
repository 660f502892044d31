/** Runs the pipeline in-process on a data dir with a fixed clock: offline edges unless a test overrides some. */
import type { Source } from "../../src/collect/sources/source.js";
import type { Env } from "../../src/config/env.js";
import { type Edges, type ReportResult, type RunOptions, type RunResult, run } from "../../src/pipeline/run.js";
import type { Selection } from "../../src/pipeline/types.js";
import { type Logger, memoryLogger } from "../../src/shared/logger.js";
import { offlineEdges } from "../../src/wiring/edges.js";
import { tempDir } from "./cli.js";
import { DATA_DIR, NOW } from "./sample.js";

export interface RunInput extends Partial<Omit<RunOptions, "select">> {
  select?: Selection;
}

/** Run options with the sample's defaults: data/, NOW (in 2026-W48), no force, no dry run, an empty env. */
export function runOptions(outDir: string, o: RunInput = {}): RunOptions {
  return {
    dataDir: DATA_DIR,
    outDir,
    now: () => NOW,
    select: {},
    force: false,
    dryRun: false,
    env: {} as Env,
    ...o,
  };
}

/** The offline edges under `outDir` (outbox, file audit, file board, local git, data/metrics.yaml) with `over` replacing some. */
export function edgesFor(outDir: string, now: () => Date, over: Partial<Edges> = {}): Edges {
  return { ...offlineEdges(outDir, now), ...over };
}

export interface OfflineRun {
  result: RunResult;
  log: Logger & { lines: string[] };
  out: string;
  edges: Edges;
}

/** One in-process run: a fresh OUT (unless given), the offline edges with `edges` overriding some. */
export async function runOffline(
  o: RunInput & { edges?: Partial<Edges>; log?: Logger & { lines: string[] }; extraSources?: Source[] } = {},
): Promise<OfflineRun> {
  const { edges: over, log: given, extraSources = [], ...rest } = o;
  const log = given ?? memoryLogger();
  const out = rest.outDir ?? (await tempDir("exec-run-"));
  const opts = runOptions(out, rest);
  const base = edgesFor(out, opts.wall ?? opts.now, over);
  const edges = { ...base, sources: [...base.sources, ...extraSources] };
  const result = await run(opts, log, edges);
  return { result, log, out, edges };
}

/** The one report of a run for an audience (throws naming what the run made when it is not there). */
export function reportOf(r: RunResult, audience: string): ReportResult {
  const x = r.reports.find((y) => y.audience.id === audience);
  if (!x) throw new Error(`no report for audience ${audience}: ${r.reports.map((y) => y.reportId).join(", ") || "none"}`);
  return x;
}
