/**
 * `npm run bench -- --big-input` (or `tsx scripts/bench/big-input.ts`): peak memory of an offline run on a 10 MB
 * expenses.yaml, generated here, against the same run on the sample data; each run in a fresh process, peak RSS from
 * process.resourceUsage().maxRSS. Also checks what a 10 MB input must not do: an email over SES's 10 MB, more new cards
 * than the cap. Prints one JSON line; bench/index.ts folds it into RESULTS.md.
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_MAX_NEW_CARDS } from "../../src/board/board.js";
import { loadDataDir } from "../../src/config/load.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TARGET_BYTES = 10 * 1024 * 1024;
export const SES_MAX_BYTES = 10 * 1024 * 1024;

export interface RunFigures {
  ok: boolean;
  wallMs: number;
  maxRssMb: number;
  statuses: string[];
  cardsCreated: number;
  largestEmlBytes: number;
  error?: string;
}

export interface BigInputResults {
  inputBytes: number;
  rows: number;
  sample: RunFigures;
  big: RunFigures;
  deltaMb: number;
  boundMb: number;
  cardCap: number;
}

/** One offline run in this process (the child side). */
async function child(dataDir: string, outDir: string): Promise<void> {
  const { run } = await import("../../src/pipeline/run.js");
  const { builtinRoles } = await import("../../src/analyse/roles/index.js");
  const { memoryLogger } = await import("../../src/shared/logger.js");
  const { offlineEdges } = await import("../../src/wiring/edges.js");
  const { gitSource, metricsSource } = await import("../../src/collect/sources/registry.js");
  const { FileMetricsSource } = await import("../../src/collect/sources/metrics-file.js");
  const now = () => new Date("2026-11-30T08:00:00Z");
  const t0 = performance.now();
  const r = await run(
    {
      dataDir,
      outDir,
      // The sample's five all-entity audiences (named after their roles), as the figures in RESULTS.md were taken.
      select: { audiences: [...builtinRoles.ids], period: "2026-W48" },
      force: false,
      dryRun: false,
      env: {},
      now,
    },
    memoryLogger(),
    {
      ...offlineEdges(outDir, now),
      sources: [gitSource({ name: "git-none", repos: async () => ({}) }), metricsSource(new FileMetricsSource())],
    },
  ).catch((e: unknown) => e as Error);
  const wallMs = Math.round(performance.now() - t0);
  const outbox = path.join(outDir, "outbox");
  const emls = await readdir(outbox).catch(() => [] as string[]);
  const sizes = await Promise.all(emls.map(async (f) => (await stat(path.join(outbox, f))).size));
  const figures: RunFigures =
    r instanceof Error
      ? { ok: false, wallMs, maxRssMb: 0, statuses: [], cardsCreated: 0, largestEmlBytes: 0, error: r.message.slice(0, 300) }
      : {
          ok: r.ok,
          wallMs,
          maxRssMb: 0,
          statuses: r.reports.map((x) => `${x.reportId} ${x.status}${x.error ? ` (${x.error.slice(0, 120)})` : ""}`),
          cardsCreated: r.reports.reduce((n, x) => n + (x.board?.created.length ?? 0), 0),
          largestEmlBytes: Math.max(0, ...sizes),
        };
  figures.maxRssMb = Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

function spawnRun(dataDir: string, outDir: string): Promise<RunFigures> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", fileURLToPath(import.meta.url), "--child", dataDir, outDir],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 600_000 },
      (err, stdout, stderr) => {
        const line = stdout
          .trim()
          .split("\n")
          .reverse()
          .find((l) => l.startsWith("{"));
        if (!line) return reject(new Error(`run failed: ${err?.message ?? ""} ${stderr.slice(0, 500)}`));
        resolve(JSON.parse(line) as RunFigures);
      },
    );
  });
}

/** data/ with expenses.yaml grown to 10 MB of valid rows spread over the portfolio's entities and accounts. */
async function writeBigData(dir: string): Promise<{ bytes: number; rows: number }> {
  await cp(path.join(ROOT, "data"), dir, { recursive: true });
  const inv = await loadDataDir(dir);
  const pairs = inv.accounts.accounts.filter((a) => a.kind === "bank").map((a) => [a.entity, a.id] as const);
  const categories = ["software", "hosting", "insurance", "fuel", "supplies", "marketing", "repairs", "fees"];
  let text = await readFile(path.join(dir, "expenses.yaml"), "utf8");
  let rows = 0;
  const lines: string[] = [];
  let bytes = Buffer.byteLength(text);
  while (bytes < TARGET_BYTES) {
    const [entity, account] = pairs[rows % pairs.length]!;
    const day = String(1 + (rows % 28)).padStart(2, "0");
    const month = ["08", "09", "10", "11"][Math.floor(rows / 28) % 4];
    const line = `  - { id: e-big-${String(rows).padStart(6, "0")}, entity: ${entity}, date: "2026-${month}-${day}", category: ${categories[rows % categories.length]}, vendor: Bench Vendor ${rows % 997}, amount: ${((rows * 37) % 5000) / 10 + 1}, account: ${account}, memo: "bench row ${rows}" }`;
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
    rows++;
  }
  text = `${text.trimEnd()}\n${lines.join("\n")}\n`;
  await writeFile(path.join(dir, "expenses.yaml"), text);
  return { bytes: Buffer.byteLength(text), rows };
}

/** Runs the sample and the 10 MB input, each in a fresh process; returns the figures. */
export async function bigInputBench(boundMb = 150): Promise<BigInputResults> {
  const work = await mkdtemp(path.join(os.tmpdir(), "exec-big-"));
  try {
    const bigData = path.join(work, "data-big");
    const { bytes, rows } = await writeBigData(bigData);
    const sample = await spawnRun(path.join(ROOT, "data"), path.join(work, "out-sample"));
    const big = await spawnRun(bigData, path.join(work, "out-big"));
    return {
      inputBytes: bytes,
      rows,
      sample,
      big,
      deltaMb: Math.round((big.maxRssMb - sample.maxRssMb) * 10) / 10,
      boundMb,
      cardCap: DEFAULT_MAX_NEW_CARDS,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3]!, process.argv[4]!);
else if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(`${JSON.stringify(await bigInputBench())}\n`);
