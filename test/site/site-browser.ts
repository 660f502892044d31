/**
 * The built site opened from disk (file://) in Debian's Chromium: every request other than the page itself is
 * recorded and refused, so a page that needed a stylesheet, a font, an image or a script would show it here.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../scripts/dev/browser.js";

export interface SiteVisit {
  scrollWidth: number;
  height: number;
  requests: string[];
  violations: { id: string; impact: string | null; nodes: string[] }[];
}

const axeSource = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

export async function openSiteBrowser(): Promise<{
  visit: (file: string, o: { width: number; dark?: boolean; screenshot?: string; axe?: boolean }) => Promise<SiteVisit>;
  close: () => Promise<void>;
}> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  return {
    async visit(file, o) {
      const context = await browser.newContext({ viewport: { width: o.width, height: 900 }, colorScheme: o.dark ? "dark" : "light" });
      const page = await context.newPage();
      const own = pathToFileURL(file).href;
      const requests: string[] = [];
      await page.route("**/*", (route) => {
        const url = route.request().url();
        if (url === own) return route.continue();
        requests.push(url);
        return route.abort();
      });
      try {
        await page.goto(own, { waitUntil: "load" });
        const m = await page.evaluate<{ scrollWidth: number; height: number }>(
          "({ scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), height: document.documentElement.scrollHeight })",
        );
        if (o.screenshot) await page.screenshot({ path: o.screenshot, fullPage: true });
        if (o.axe === false) return { ...m, requests, violations: [] };
        await page.addScriptTag({ content: axeSource });
        const options = { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } };
        type Raw = { id: string; impact: string | null; nodes: { target: unknown[] }[] };
        const raw = await page.evaluate<Raw[]>(`axe.run(document, ${JSON.stringify(options)}).then((r) => r.violations)`);
        return {
          ...m,
          requests,
          violations: raw.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) })),
        };
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}
