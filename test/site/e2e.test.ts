/**
 * Issue 15's demonstration, offline: three `npm start --period` runs (three consecutive weeks), the archive,
 * then `npm run site`. The trend page's values equal the three reports' KPI values; every kind of page in
 * Chromium at 1280 px and 375 px (light and dark) has no horizontal overflow, makes no request and is
 * axe-core clean. Screenshots go to SITE_SCREENSHOTS when set. In CI a missing Chromium fails the run.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, chromiumAvailable } from "../../scripts/dev/browser.js";
import { cli, tempDir } from "../helpers/cli.js";
import { ROOT } from "../helpers/sample.js";
import { openSiteBrowser } from "./site-browser.js";
import { trendValues } from "./trend-values.js";

const WEEKS = ["2026-W46", "2026-W47", "2026-W48"];
const ROLE = "cfo";
let tmp: string;
let out: string;
let site: string;
let siteLog: string;
const sent: { kpis: { id: string; value: number | null }[] }[] = [];

beforeAll(async () => {
  tmp = await tempDir("exec-site-e2e-");
  out = path.join(tmp, "out");
  for (const week of WEEKS) {
    const r = await cli(["--out", out, "--period", week, "--audience", `${ROLE},ceo`, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const report = path.join(out, "reports", `${ROLE}.json`);
    await copyFile(report, path.join(tmp, `${week}.json`));
    sent.push(JSON.parse(await readFile(report, "utf8")));
    // The pipeline archives each report as it goes out.
    expect(existsSync(path.join(out, "archive", week, `${ROLE}.json`))).toBe(true);
  }
  site = path.join(tmp, "site");
  const run = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/site/build.ts", "--archive", out, "--out", site], {
    cwd: ROOT,
  });
  siteLog = run.stdout;
}, 180_000);

describe("three weekly runs, then npm run site", () => {
  it("builds the index, a page per report and a trend page per audience", async () => {
    expect(siteLog).toMatch(/site: \d+ pages \(6 reports, 2 audiences\)/);
    expect(existsSync(path.join(site, "index.html"))).toBe(true);
    for (const w of WEEKS) expect(await readdir(path.join(site, w))).toEqual(expect.arrayContaining([`${ROLE}.html`, "ceo.html"]));
    expect((await readdir(path.join(site, "trends"))).sort()).toEqual(["ceo.html", "cfo.html"]);
  });

  it("the trend page's values equal the three reports' KPI values", async () => {
    const t = trendValues(await readFile(path.join(site, "trends", `${ROLE}.html`), "utf8"));
    expect(sent).toHaveLength(3);
    for (const k of sent[2]!.kpis) {
      const expected = sent.map((r) => r.kpis.find((x) => x.id === k.id)?.value ?? null);
      expect(t.table.get(k.id), k.id).toEqual(expected);
      const charted = expected
        .map((value, i) => ({ period: WEEKS[i]!, value }))
        .filter((p): p is { period: string; value: number } => p.value !== null && p.value < Number.MAX_SAFE_INTEGER);
      expect(t.chart.get(k.id) ?? [], k.id).toEqual(charted);
    }
  });
});

const available = chromiumAvailable();
if (!available && !process.env.CI) console.warn(`SKIPPED site browser tests: ${CHROMIUM_PATH} not found (apt-get install -y chromium)`);

describe("the site in Chromium", () => {
  it.runIf(!available && !!process.env.CI)("CI has Chromium", () => {
    expect.fail(`${CHROMIUM_PATH} is missing: CI must install it (apt-get install -y chromium) so the site is checked in a browser`);
  });

  describe.runIf(available)(`pages at 1280 px and 375 px (${CHROMIUM_PATH})`, () => {
    let browser: Awaited<ReturnType<typeof openSiteBrowser>>;
    beforeAll(async () => {
      browser = await openSiteBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    const PAGES = ["index.html", `${WEEKS[2]}/${ROLE}.html`, `trends/${ROLE}.html`];
    const MODES = [
      // axe-core's verdict does not depend on the width; colour contrast does depend on the scheme.
      { width: 1280, dark: false, axe: false },
      { width: 375, dark: false, axe: true },
      { width: 375, dark: true, axe: true },
    ];
    it.each(PAGES.flatMap((page) => MODES.map((m) => ({ page, ...m }))))(
      "$page at $width px (dark: $dark): no overflow, no request, axe-core clean ($axe)",
      async ({ page, width, dark, axe }) => {
        const shots = process.env.SITE_SCREENSHOTS ? path.resolve(process.env.SITE_SCREENSHOTS) : path.join(tmp, "screenshots");
        await mkdir(shots, { recursive: true });
        const name = `${page.replace(/\.html$/, "").replace(/\//g, "-")}-${width}${dark ? "-dark" : ""}.png`;
        const v = await browser.visit(path.join(site, page), { width, dark, axe, screenshot: path.join(shots, name) });
        expect(v.scrollWidth).toBeLessThanOrEqual(width);
        expect(v.requests).toEqual([]);
        expect(v.violations).toEqual([]);
        expect(existsSync(path.join(shots, name))).toBe(true);
      },
      120_000,
    );

    it("the request check can fail: a page with an external image is caught", async () => {
      const { writeFile } = await import("node:fs/promises");
      const bad = path.join(tmp, "bad.html");
      await writeFile(
        bad,
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main><img src="https://example.test/x.png" alt="x"></main></body></html>',
      );
      expect((await browser.visit(bad, { width: 375 })).requests).toEqual(["https://example.test/x.png"]);
    });
  });
});
