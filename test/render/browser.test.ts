/**
 * The sample emails in Chromium: all five roles at 600 px and 375 px without horizontal overflow or
 * any network request; axe-core clean on the fixture (every styled element) in light and dark mode.
 * Skips when no Chromium is found, except in CI (process.env.CI), where that fails.
 * (axe on each role: browser-axe.test.ts, split to stay fast.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmailBrowser, openEmailBrowser } from "../../scripts/dev/browser.js";
import { sampleReports } from "../../scripts/dev/sample.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { renderReport } from "../../src/render/render.js";
import { requireChromium } from "../helpers/browser.js";
import { AXE_NOT_FOR_EMAIL } from "./email-checks.js";
import { fixtureReport } from "./fixture.js";

const chromium = requireChromium("browser tests");

describe.skipIf(!chromium)(`email in Chromium (${chromium})`, () => {
  let browser: EmailBrowser;
  const html = new Map<string, string>();

  beforeAll(async () => {
    browser = await openEmailBrowser(chromium);
    for (const r of await sampleReports()) html.set(r.role, renderReport(r).html);
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

  it("detects overflow (the check can fail)", async () => {
    const m = await browser.measure('<!DOCTYPE html><html lang="en"><body><table width="900"><tr><td>x</td></tr></table></body></html>', {
      width: 375,
    });
    expect(m.scrollWidth).toBeGreaterThan(375);
  });

  it("axe-core passes the fixture with every KPI state, severity and a linked card", async () => {
    const { html: h } = renderReport(fixtureReport());
    expect(await browser.axe(h, { disableRules: AXE_NOT_FOR_EMAIL })).toEqual([]);
    expect(await browser.axe(h, { dark: true, disableRules: AXE_NOT_FOR_EMAIL })).toEqual([]);
  });

  it("axe-core reports a real problem (the check can fail)", async () => {
    const bad =
      '<!DOCTYPE html><html><head><title>x</title></head><body><p style="color:#eee;background:#fff">low contrast</p></body></html>';
    const ids = (await browser.axe(bad, { disableRules: AXE_NOT_FOR_EMAIL })).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(["html-has-lang", "color-contrast"]));
  });
});
