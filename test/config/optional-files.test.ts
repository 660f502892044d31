/** Every data file but portfolio.yaml is optional: an absent one makes its datasets missing with the reason, never zero. */
import { cp, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { collect } from "../../src/collect/collect.js";
import { LocalGitSource } from "../../src/collect/sources/git-local.js";
import { FileMetricsSource } from "../../src/collect/sources/metrics-file.js";
import { gitSource, metricsSource } from "../../src/collect/sources/registry.js";
import { absentDatasets, checkDataDir, loadDataDir } from "../../src/config/load.js";
import { type RunOptions, run } from "../../src/pipeline/run.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { parsePeriod } from "../../src/shared/period.js";
import { offlineEdges } from "../../src/wiring/edges.js";
import { tempDir } from "../helpers/cli.js";
import { NOW } from "../helpers/sample.js";

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/corpus");

async function folderWith(...files: string[]): Promise<string> {
  const dir = path.join(await tempDir("exec-optional-"), "data");
  await mkdir(dir);
  for (const f of files) await cp(path.join(FIXTURE, f), path.join(dir, f));
  return dir;
}

describe("optional data files", () => {
  it("loads a folder holding portfolio.yaml alone; the other datasets are listed as absent", async () => {
    const dir = await folderWith("portfolio.yaml");
    const inv = await loadDataDir(dir);
    expect(inv.portfolio.entities.map((e) => e.id)).toEqual(["alpha", "beta"]);
    expect(Object.keys(absentDatasets(inv)).sort()).toEqual(
      [
        "accounts",
        "assets",
        "aws",
        "bank",
        "contacts",
        "costs",
        "equity",
        "expenses",
        "kpis",
        "listings",
        "metrics",
        "pipeline",
        "repos",
        "revenue",
      ].sort(),
    );
    // Stand-ins with empty lists, so sources that read the inventory directly find nothing to fetch.
    expect(inv.repos.repos).toEqual([]);
    expect(inv.bank.transactions).toEqual([]);
  });

  it("marks an absent file's dataset missing in the snapshot, with the file as its source", async () => {
    const dir = await folderWith("portfolio.yaml", "accounts.yaml", "kpis.yaml");
    const inventory = await loadDataDir(dir);
    const s = await collect({ period: parsePeriod("2026-W48"), inventory, dataDir: dir, log: memoryLogger(), now: () => NOW }, [
      gitSource(new LocalGitSource()),
      metricsSource(new FileMetricsSource()),
    ]);
    expect(s.datasets.bank).toEqual({ missing: "file not present", source: path.join(dir, "bank.yaml") });
    expect(s.metrics).toEqual({ missing: "file not present", source: path.join(dir, "metrics.yaml") });
    expect("value" in s.datasets.accounts).toBe(true);
    // The count includes policy.yaml's documented defaults (no policy file is not a missing dataset).
    expect(s.sources[0]!.detail).toBe(
      "4 files; not present: listings, contacts, pipeline, revenue, expenses, costs, bank, equity, assets, aws, repos, metrics",
    );
  });

  it("runs every role on portfolio.yaml and kpis.yaml alone (and who receives them): KPIs missing with the reason, never zero", async () => {
    // audiences.yaml says who receives what; it is configuration, not a dataset.
    const dir = await folderWith("portfolio.yaml", "kpis.yaml", "audiences.yaml");
    const out = await tempDir();
    const opts: RunOptions = {
      dataDir: dir,
      outDir: out,
      select: { audiences: ["ceo", "cto", "cfo", "cmo", "accounting"], period: "2026-W48" },
      force: false,
      dryRun: true,
      env: {},
      now: () => NOW,
    };
    const edges = {
      ...offlineEdges(out, () => NOW),
      sources: [gitSource({ name: "git-none", repos: async () => ({}) }), metricsSource(new FileMetricsSource())],
    };
    const r = await run(opts, memoryLogger(), edges);
    expect(r.reports.map((x) => x.status)).toEqual(["dry-run", "dry-run", "dry-run", "dry-run", "dry-run"]);
    const kpis = r.reports.flatMap((x) => x.report!.kpis);
    expect(kpis.length).toBeGreaterThan(0);
    expect(kpis.filter((k) => k.value === 0)).toEqual([]);
    const cfo = r.reports.find((x) => x.role === "cfo")!.report!;
    expect(cfo.kpis.every((k) => k.status === "missing")).toBe(true);
    expect(JSON.stringify(cfo.kpis)).toContain("file not present");
  });

  it("checkDataDir: a missing folder or a file is one line naming --data", async () => {
    const root = await tempDir();
    await expect(checkDataDir(path.join(root, "nope"))).rejects.toThrow(
      /^--data .*nope: not found — expected the folder that holds portfolio\.yaml/,
    );
    await expect(checkDataDir(path.join(FIXTURE, "portfolio.yaml"))).rejects.toThrow(/: a file, not a folder — expected the folder/);
    await expect(checkDataDir(FIXTURE)).resolves.toBeUndefined();
  });
});
