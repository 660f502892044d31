/**
 * The static site from archived fixtures: every page present, every relative link resolving, no script and no
 * external reference, the trend page's values exactly the reports' KPI values, data escaped.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite, type SiteResult } from "../../scripts/site/build.js";
import { archiveReport } from "../../src/archive/writer.js";
import { fixtureRendered, fixtureReport } from "../archive/fixture.js";
import { trendValues } from "./trend-values.js";

let tmp: string;
let site: string;
let result: SiteResult;
const WEEKS = ["2026-W46", "2026-W47", "2026-W48"];
const values = (i: number) => ({
  runway: 11.5 + i,
  cash: 30000 + 1234.5 * i,
  "net-burn": i === 1 ? null : 2500 - 100 * i,
  conversion: 1.5 + i / 4,
});
const reports = WEEKS.map((period, i) => fixtureReport({ audience: "cfo", label: "CFO", period, values: values(i) }));

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "exec-site-"));
  const out = path.join(tmp, "out");
  for (const r of reports) await archiveReport({ report: r, ...fixtureRendered(r) }, { outDir: out });
  // A monthly audience archived with Markdown only, one with JSON only, and a label that tries to inject HTML.
  const board = fixtureReport({ audience: "board", label: "Board <img src=x onerror=alert(1)>", period: "2026-11", values: { cash: 9 } });
  await archiveReport(
    { report: board, markdown: "# Board summary\n\n<script>alert(1)</script>\n\n| a | b |\n| - | - |\n| 1 | 2 |\n" },
    { outDir: out },
  );
  const cto = fixtureReport({ audience: "cto", period: "2026-W48", values: { "open-findings": 3 }, headline: ["open-findings"] });
  await archiveReport({ report: cto }, { outDir: out });
  site = path.join(tmp, "site");
  result = await buildSite({ archiveDir: path.join(out, "archive"), outDir: site });
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const page = (rel: string) => readFile(path.join(site, rel), "utf8");

describe("site", () => {
  it("has an index, a page per report and a trend page per audience", () => {
    expect(result.pages.sort()).toEqual(
      [
        "index.html",
        "2026-11/board.html",
        ...WEEKS.map((w) => `${w}/cfo.html`),
        "2026-W48/cto.html",
        "trends/board.html",
        "trends/cfo.html",
        "trends/cto.html",
      ].sort(),
    );
    expect(result).toMatchObject({ reports: 5, audiences: 3 });
    expect(existsSync(path.join(site, "2026-W48", "cfo.json"))).toBe(true);
  });

  it("the trend page's values equal the three reports' KPI values, in the chart and in the table", async () => {
    const t = trendValues(await page("trends/cfo.html"));
    for (const k of reports[0]!.kpis) {
      const expected = reports.map((r) => r.kpis.find((x) => x.id === k.id)!.value);
      expect(t.table.get(k.id), k.id).toEqual(expected.map((v) => (v === null ? null : v)));
      expect(t.chart.get(k.id) ?? [], k.id).toEqual(
        expected.map((v, i) => ({ period: WEEKS[i], value: v })).filter((p) => p.value !== null),
      );
    }
    expect(t.shown.get("cash/2026-W47")).toBe("$31,235");
    expect(t.shown.get("runway/2026-W48")).toBe("13.5 mo");
  });

  it("every relative link of every page resolves to a file of the site", async () => {
    for (const rel of result.pages) {
      const html = await page(rel);
      for (const [, href] of html.matchAll(/href="([^"#]+)"/g)) {
        expect(href, `${rel}: ${href}`).not.toMatch(/^[a-z]+:/i);
        expect(existsSync(path.join(site, path.dirname(rel), href!)), `${rel} → ${href}`).toBe(true);
      }
    }
  });

  it("pages carry no script, no external resource and no @import; data is escaped", async () => {
    for (const rel of result.pages) {
      const html = await page(rel);
      expect(html, rel).not.toMatch(/<script|<iframe|<link\b|@import|url\(|\ssrc=["']/i);
    }
    const index = await page("index.html");
    expect(index).toContain("Board &lt;img src=x onerror=alert(1)&gt;");
    expect(await page("2026-11/board.html")).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("a report page is the archived email with the site's navigation and a main landmark; else its Markdown; else its JSON", async () => {
    const cfo = await page("2026-W48/cfo.html");
    expect(cfo).toContain(fixtureRendered(reports[2]!).html.split("<body>")[1]!.split("</body>")[0]!);
    expect(cfo).toMatch(/<nav class="xr-nav" aria-label="Archive">.*href="\.\.\/trends\/cfo\.html"/);
    expect(cfo).toMatch(/<main id="content">/);
    expect(await page("2026-11/board.html")).toMatch(/<h1>Board summary<\/h1>[\s\S]*<table>/);
    const cto = await page("2026-W48/cto.html");
    expect(cto).toContain("Open security findings");
    expect(cto).toContain("3 (off target)");
  });

  it("the index shows each audience's latest headline figures and links every period, newest first", async () => {
    const index = await page("index.html");
    expect(index).toContain("5 reports for 3 audiences over 4 periods");
    const cfo = index.slice(index.indexOf('id="a-cfo"'));
    expect(cfo).toMatch(/Runway<\/span><span class="v"><span class="good">13\.5 mo<\/span>/);
    const links = [...cfo.split("</section>")[0]!.matchAll(/<li><a href="(2026-W\d\d)\/cfo\.html">/g)].map((m) => m[1]);
    expect(links).toEqual(["2026-W48", "2026-W47", "2026-W46"]);
  });

  it("an empty archive still builds an index that says so", async () => {
    const empty = await buildSite({ archiveDir: path.join(tmp, "none"), outDir: path.join(tmp, "empty-site") });
    expect(empty.pages).toEqual(["index.html"]);
    expect(await readFile(path.join(tmp, "empty-site", "index.html"), "utf8")).toContain("Nothing archived yet");
  });
});
