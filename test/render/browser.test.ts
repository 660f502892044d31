/**
 * The sample emails (12 periods of history) in Chromium: all five roles at 600 px and 375 px without horizontal
 * overflow or any network request; at 375 px, light and dark, the headline KPIs and the top three actions are on
 * the first screen (screenshots under out/screenshots/first-screen/); axe-core clean on the fixture (every styled
 * element) in light and dark mode. Skips when no Chromium is found, except in CI (process.env.CI), where that fails.
 * (axe on each role: browser-axe.test.ts, split to stay fast.)
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmailBrowser, openEmailBrowser } from "../../scripts/dev/browser.js";
import { sampleReportsWithHistory } from "../../scripts/dev/sample-history.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { renderReport } from "../../src/render/render.js";
import { requireChromium } from "../helpers/browser.js";
import { ROOT } from "../helpers/sample.js";
import { AXE_NOT_FOR_EMAIL } from "./email-checks.js";
import { fixtureReport } from "./fixture.js";

/** A 375 × 812 phone screen (iPhone mini/X class): what a reader sees before scrolling. */
const PHONE = { width: 375, height: 812 };
const SHOTS = path.join(ROOT, "out", "screenshots", "first-screen");
const chromium = requireChromium("browser tests");

describe.skipIf(!chromium)(`email in Chromium (${chromium})`, () => {
  let browser: EmailBrowser;
  const html = new Map<string, string>();
  const topActions = new Map<string, number>();

  beforeAll(async () => {
    browser = await openEmailBrowser(chromium);
    mkdirSync(SHOTS, { recursive: true });
    for (const r of await sampleReportsWithHistory()) {
      html.set(r.role, renderReport(r).html);
      topActions.set(r.role, Math.min(3, r.actions.filter((a) => !a.acknowledged).length));
    }
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(builtinRoles.ids.flatMap((role) => [600, 375].map((width) => ({ role, width }))))(
    "$role at $width px: no horizontal overflow, no requests",
    async ({ role, width }) => {
      const m = await browser.measure(html.get(role)!, { width });
      expect(m.scrollWidth).toBeLessThanOrEqual(width);
      expect(m.bodyScrollWidth).toBeLessThanOrEqual(width);
      expect(m.height).toBeGreaterThan(1000);
      expect(m.requests).toEqual([]);
    },
  );

  it.each(builtinRoles.ids.flatMap((role) => [false, true].map((dark) => ({ role, dark }))))(
    "$role at 375 px (dark: $dark): headline KPIs and top three actions on the first screen",
    async ({ role, dark }) => {
      const shot = path.join(SHOTS, `${role}-375${dark ? "-dark" : ""}.png`);
      const s = await browser.firstScreen(html.get(role)!, { ...PHONE, dark, ids: ["headline", "top-actions"], screenshot: shot });
      expect(s.boxes.headline, "headline tiles").not.toBeNull();
      expect(s.boxes.headline!.bottom).toBeLessThanOrEqual(PHONE.height);
      expect(topActions.get(role)).toBe(3);
      expect(s.boxes["top-actions"]!.top).toBeGreaterThan(s.boxes.headline!.bottom);
      expect(s.boxes["top-actions"]!.bottom, "third action's bottom edge").toBeLessThanOrEqual(PHONE.height);
    },
  );

  it("detects overflow and what lies below the first screen (the checks can fail)", async () => {
    const m = await browser.measure('<!DOCTYPE html><html lang="en"><body><table width="900"><tr><td>x</td></tr></table></body></html>', {
      width: 375,
    });
    expect(m.scrollWidth).toBeGreaterThan(375);
    const s = await browser.firstScreen(
      '<!DOCTYPE html><html lang="en"><body><div style="height:900px"></div><p id="late">x</p></body></html>',
      {
        ...PHONE,
        ids: ["late", "absent"],
      },
    );
    expect(s.boxes.late!.bottom).toBeGreaterThan(PHONE.height);
    expect(s.boxes.absent).toBeNull();
  });

  it("axe-core passes the fixture with every KPI state, severity, change, banner and a linked card", async () => {
    const { html: h } = renderReport(fixtureReport(), { links: { run: "https://github.com/example-org/r/actions/runs/1" } });
    expect(await browser.axe(h, { disableRules: AXE_NOT_FOR_EMAIL })).toEqual([]);
    expect(await browser.axe(h, { dark: true, disableRules: AXE_NOT_FOR_EMAIL })).toEqual([]);
    expect(await browser.axe(h, { width: 375, dark: true, disableRules: AXE_NOT_FOR_EMAIL })).toEqual([]);
  });

  it("axe-core passes the summary and link-only formats", async () => {
    const links = { report: "https://reports.example.com/r" };
    for (const format of ["summary", "link-only"] as const) {
      const { html: h } = renderReport(fixtureReport(), { format, links });
      expect(await browser.axe(h, { width: 375, disableRules: AXE_NOT_FOR_EMAIL }), format).toEqual([]);
    }
  });

  it("axe-core reports a real problem (the check can fail)", async () => {
    const bad =
      '<!DOCTYPE html><html><head><title>x</title></head><body><p style="color:#eee;background:#fff">low contrast</p></body></html>';
    const ids = (await browser.axe(bad, { disableRules: AXE_NOT_FOR_EMAIL })).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(["html-has-lang", "color-contrast"]));
  });
});
