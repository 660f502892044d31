/**
 * axe-core (WCAG 2.x A/AA and best practices) on each role's sample email in Chromium at 375 px, plus colour
 * contrast of the dark palette on the largest one (12 periods of history: sparklines drawn).
 * Skips when no Chromium is found, except in CI (process.env.CI), where that fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmailBrowser, openEmailBrowser } from "../../scripts/dev/browser.js";
import { sampleReportsWithHistory } from "../../scripts/dev/sample-history.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { renderReport } from "../../src/render/render.js";
import { requireChromium } from "../helpers/browser.js";
import { AXE_NOT_FOR_EMAIL } from "./email-checks.js";

const chromium = requireChromium("axe tests");

describe.skipIf(!chromium)(`axe-core in Chromium (${chromium})`, () => {
  let browser: EmailBrowser;
  const html = new Map<string, string>();

  beforeAll(async () => {
    browser = await openEmailBrowser(chromium);
    for (const r of await sampleReportsWithHistory()) html.set(r.role, renderReport(r).html);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(builtinRoles.ids.map((role) => ({ role })))("$role has no axe violations", async ({ role }) => {
    expect(await browser.axe(html.get(role)!, { width: 375, disableRules: AXE_NOT_FOR_EMAIL })).toEqual([]);
  });

  it("the CEO email keeps its contrast in dark mode", async () => {
    expect(await browser.axe(html.get("ceo")!, { width: 375, dark: true, onlyRules: ["color-contrast"] })).toEqual([]);
  });
});
