/** The archive branch README: the audiences × periods table and the Mermaid charts carry the archived values. */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readArchive } from "../../src/archive/read.js";
import { archiveReadme, chartable, README_MARKER } from "../../src/archive/readme.js";
import { audienceTrends } from "../../src/archive/trends.js";
import { archiveReport } from "../../src/archive/writer.js";
import { fixtureRendered, fixtureReport } from "./fixture.js";

let out: string;
const WEEKS = { "2026-W46": 11.5, "2026-W47": 12.25, "2026-W48": 13.4 };

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), "exec-readme-"));
  for (const [period, runway] of Object.entries(WEEKS)) {
    const r = fixtureReport({ audience: "cfo", label: "CFO | weekly", period, values: { runway, cash: runway * 1000, "net-burn": null } });
    await archiveReport({ report: r, ...fixtureRendered(r) }, { outDir: out });
  }
  const m = fixtureReport({ audience: "board", label: "Board", period: "2026-11", values: { cash: 9 }, headline: ["cash"] });
  await archiveReport({ report: m }, { outDir: out });
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe("archive README", () => {
  it("tables every period against every audience with links to each archived format, newest first", async () => {
    const readme = archiveReadme(await readArchive(out), { siteUrl: "https://example.test/site/" });
    expect(readme.startsWith(README_MARKER)).toBe(true);
    expect(readme).toContain("4 reports, 2 audiences, 4 periods (latest 2026-W48).");
    expect(readme).toContain("| Period | Board | CFO \\| weekly |");
    expect(readme).toContain(
      "| 2026-W48 |  | [md](archive/2026-W48/cfo.md) · [html](archive/2026-W48/cfo.html) · [json](archive/2026-W48/cfo.json) |",
    );
    expect(readme).toContain("| 2026-11 | [json](archive/2026-11/board.json) |  |");
    const rows = readme.split("\n").filter((l) => /^\| 2026-/.test(l));
    expect(rows.map((r) => r.split(" | ")[0])).toEqual(["| 2026-W48", "| 2026-W47", "| 2026-W46", "| 2026-11"]);
    expect(readme).toContain("https://example.test/site/");
  });

  it("charts each headline KPI with xychart-beta, its values in period order, the target as a flat line", async () => {
    const readme = archiveReadme(await readArchive(out));
    const block = readme
      .split("```mermaid\n")
      .find((b) => b.includes('title "Runway'))!
      .split("```")[0]!;
    expect(block).toContain('x-axis ["2026-W46", "2026-W47", "2026-W48"]');
    expect(block).toContain("line [11.5, 12.25, 13.4]");
    expect(block).toContain("line [12, 12, 12]");
    expect(block).toMatch(/y-axis "months" 0 --> 14\.\d+/);
    expect(readme).toContain("**Runway**: 11.5 mo in 2026-W46 → 13.4 mo in 2026-W48. Target ≥ 12 mo.");
    // A headline KPI never measured says so instead of drawing an empty chart; a single point gets a sentence.
    expect(readme).toContain("**Net burn**: not measured in any archived period. Target ≤ \\$0.");
    expect(readme).toContain("**Cash on hand**: \\$9 in 2026-11.");
    expect(readme.match(/```mermaid/g)).toHaveLength(2);
  });

  it("keeps the last N points, and an empty archive says so", async () => {
    const readme = archiveReadme(await readArchive(out), { maxPoints: 2 });
    expect(readme).toContain('x-axis ["2026-W47", "2026-W48"]');
    expect(archiveReadme([])).toContain("_Nothing archived yet._");
  });

  it("series: one point per archived period of the audience, a missing KPI as null; ∞ is not chartable", async () => {
    const [board, cfo] = audienceTrends(await readArchive(out));
    expect(board!.periods).toEqual(["2026-11"]);
    expect(cfo!.series.find((s) => s.id === "runway")!.points.map((p) => p.value)).toEqual(Object.values(WEEKS));
    expect(cfo!.series.find((s) => s.id === "net-burn")!.points.map((p) => p.status)).toEqual(["missing", "missing", "missing"]);
    expect(chartable(Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(chartable(null)).toBe(false);
    expect(chartable(0)).toBe(true);
  });
});
