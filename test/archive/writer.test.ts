/** The archive writer and reader: stable paths, redaction, headline, legacy reports, clear errors. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { headlineOf } from "../../src/archive/model.js";
import { archiveRelPaths, reportPageUrl, trendPageUrl } from "../../src/archive/paths.js";
import { readArchive } from "../../src/archive/read.js";
import { archiveReport, redactSecrets } from "../../src/archive/writer.js";
import { fixtureRendered, fixtureReport } from "./fixture.js";

let out: string;
beforeEach(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), "exec-archive-"));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

describe("archive writer", () => {
  it("stores JSON, Markdown and HTML under archive/<period>/<audience> and returns the paths the audit keeps", async () => {
    const r = fixtureReport({ audience: "cfo-monthly", label: "CFO close", period: "2026-11", values: { runway: 13.4, cash: 33780.95 } });
    const a = await archiveReport({ report: r, ...fixtureRendered(r) }, { outDir: out });
    expect(a).toMatchObject({
      reportId: "cfo-monthly.2026-11",
      period: "2026-11",
      audience: { id: "cfo-monthly", label: "CFO close", format: "full" },
      paths: { json: "archive/2026-11/cfo-monthly.json", md: "archive/2026-11/cfo-monthly.md", html: "archive/2026-11/cfo-monthly.html" },
    });
    expect(a.files.json).toBe(path.join(out, "archive", "2026-11", "cfo-monthly.json"));
    expect(JSON.parse(await readFile(a.files.json, "utf8"))).toEqual(r);
    expect(await readFile(a.files.html!, "utf8")).toBe(fixtureRendered(r).html);
    expect(a.bytes).toBeGreaterThan(1000);
  });

  it("redacts every secret from every file, and refuses a redaction that breaks the JSON", async () => {
    const token = `tok_${"x".repeat(8)}${Date.now()}`;
    const r = fixtureReport({ audience: "cto", period: "2026-W48", values: { cash: 1 }, summary: [`leaked ${token} here`] });
    const rendered = fixtureRendered(r);
    const a = await archiveReport({ report: r, ...rendered }, { outDir: out, redact: redactSecrets([token, undefined, "ab"]) });
    for (const f of Object.values(a.files)) {
      const text = await readFile(f, "utf8");
      expect(text).not.toContain(token);
      expect(text).toContain("leaked *** here");
    }
    await expect(archiveReport({ report: r }, { outDir: out, redact: (s) => s.replace(/"/g, "") })).rejects.toThrow(
      /redaction broke the JSON/,
    );
  });

  it("keeps the role's headline with a report that names none, and derives an audience for a pre-audience report", async () => {
    const {
      audience: _,
      headline: __,
      ...legacy
    } = fixtureReport({ audience: "cfo", period: "2026-W48", values: { runway: 13, cash: 5 } });
    const a = await archiveReport({ report: { ...legacy, id: "cfo.all.2026-W48" }, headline: ["cash", "runway"] }, { outDir: out });
    expect(a.paths).toEqual({ json: "archive/2026-W48/cfo.json" });
    const [entry] = await readArchive(out);
    expect(entry!.audience).toEqual({ id: "cfo", label: "CFO", format: "full" });
    expect(headlineOf(entry!.report)).toEqual(["cash", "runway"]);
    expect(headlineOf({ kpis: entry!.report.kpis, headline: undefined })).toEqual(["runway", "cash"]);
  });

  it("rejects what cannot name a file, and what is not a report", async () => {
    expect(() => archiveRelPaths("2026-W48", "../etc")).toThrow(/lower-case letters, digits and dashes/);
    expect(() => archiveRelPaths("latest", "cfo")).toThrow(/expected YYYY-Www, YYYY-MM or YYYY-Qn/);
    await expect(archiveReport({ report: { id: "x" } }, { outDir: out })).rejects.toThrow(/not a Report \(role:/);
    expect(reportPageUrl("https://example.test/reports/", "2026-W48", "cfo")).toBe("https://example.test/reports/2026-W48/cfo.html");
    expect(trendPageUrl("https://example.test/reports", "cfo")).toBe("https://example.test/reports/trends/cfo.html");
  });
});

describe("archive reader", () => {
  it("reads every report, oldest period first, with the formats present, from OUT or from the archive folder itself", async () => {
    for (const [period, audience] of [
      ["2026-W48", "cfo"],
      ["2026-11", "board"],
      ["2026-W47", "cfo"],
    ] as const) {
      const r = fixtureReport({ audience, period, values: { cash: 1 } });
      await archiveReport({ report: r, markdown: "x" }, { outDir: out });
    }
    const entries = await readArchive(out);
    expect(entries.map((e) => `${e.period}/${e.audience.id}`)).toEqual(["2026-11/board", "2026-W47/cfo", "2026-W48/cfo"]);
    expect(entries[0]!.files).toEqual({ json: "2026-11/board.json", md: "2026-11/board.md" });
    expect(await readArchive(path.join(out, "archive"))).toHaveLength(3);
    expect(await readArchive(path.join(out, "nothing-here"))).toEqual([]);
  });

  it("names the file and the fix for a broken or misplaced report", async () => {
    const dir = path.join(out, "archive", "2026-W48");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "cfo.json"), "{ nope");
    await expect(readArchive(out)).rejects.toThrow(/2026-W48\/cfo\.json: not JSON/);
    const r = fixtureReport({ audience: "ceo", period: "2026-W47", values: {} });
    await writeFile(path.join(dir, "cfo.json"), JSON.stringify(r));
    await expect(readArchive(out)).rejects.toThrow(/holds ceo for 2026-W47; .* move it to 2026-W47\/ceo\.json/);
    await writeFile(path.join(dir, "cfo.json"), JSON.stringify({ ...r, kpis: [{ id: "x" }] }));
    await expect(readArchive(out)).rejects.toThrow(/cfo\.json: kpis\.0\.label: .* not an archived report/);
  });
});
